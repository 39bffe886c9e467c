package org.hisscube.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.hisscube.testsupport.LocalStackResource;
import org.junit.jupiter.api.Test;

/**
 * The experiment trigger's contract: a bad request is refused with the JSON refusal naming what is wrong, an unknown
 * run is a 404, and a run that cannot train (no labelled targets at the zoom asked for) ends as {@code failed} with
 * the reason, without taking the service down. The successful path runs in the cli's ExperimentCommandIT, through
 * all five services.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ExperimentResourceIT {

    @Test
    void refusesABadSpecificationNamingIt() {
        given().contentType(ContentType.JSON).body("{\"zooms\": [7]}").post("/api/experiments/paper/runs").then()
                .statusCode(400).contentType(ContentType.JSON).body("error", containsString("zooms"))
                .body("accepted", containsString("POST /api/experiments/{name}/runs"));
        given().contentType(ContentType.JSON).body("{}").post("/api/experiments/Bad Name!/runs").then()
                .statusCode(400).body("error", containsString("experiment name"));
        given().contentType(ContentType.JSON).body("{\"kinds\": [\"radio\"]}").post("/api/experiments/paper/runs")
                .then().statusCode(400).body("error", containsString("unknown model kind radio"));
    }

    @Test
    void anUnknownRunIsNotFound() {
        given().get("/api/experiments/paper/runs/r-none").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("no experiment run paper/r-none"));
    }

    @Test
    void aRunThatCannotTrainFailsWithItsReason() {
        given().contentType(ContentType.JSON).body("{\"run_id\": \"r-empty\", \"zooms\": [0], \"seeds\": 1, "
                + "\"epochs\": 1}").post("/api/experiments/empty/runs").then().statusCode(202)
                .body("status", containsString("running")).body("report_prefix",
                        containsString("experiments/empty/r-empty/"));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonPath state = given().get("/api/experiments/empty/runs/r-empty").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(state.getString("status")).isEqualTo("failed");
            assertThat(state.getString("error")).contains("zoom");
        });
        given().get("/q/health/live").then().statusCode(200);
    }
}
