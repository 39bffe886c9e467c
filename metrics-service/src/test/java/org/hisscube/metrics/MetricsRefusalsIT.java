package org.hisscube.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.hisscube.testsupport.LocalStackResource;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of metrics-service's {@code /api} endpoints is a JSON body that says what was wrong and what is
 * accepted. Its endpoints take no parameters, so the refusals are JAX-RS's own: no such endpoint, a method other than
 * GET, a media type other than JSON.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MetricsRefusalsIT {

    @Test
    void shouldRefuseAPathWithoutEndpoint() {
        given().get("/api/events/sdss.raw-files").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("GET /api/events/sdss.raw-files"))
                .body("accepted", containsString("README"));
    }

    @Test
    void shouldRefuseAMethodOtherThanGetNamingTheAllowedOnes() {
        for (String path : new String[] {"/api/events", "/api/dead-letters", "/api/info"}) {
            given().post(path).then().statusCode(405).contentType(ContentType.JSON)
                    .header("Allow", containsString("GET"))
                    .body("error", containsString("POST is not allowed on " + path))
                    .body("accepted", containsString("GET"));
        }
    }

    @Test
    void shouldRefuseAnAcceptHeaderWithoutJson() {
        given().accept("application/xml").get("/api/events").then().statusCode(406).contentType(ContentType.JSON)
                .body("error", containsString("application/xml"))
                .body("accepted", containsString("application/json"));
    }

    @Test
    void shouldAnswerTheEndpointsThemselvesWithJson() {
        given().get("/api/events").then().statusCode(200).contentType(ContentType.JSON);
        given().get("/api/dead-letters").then().statusCode(200).contentType(ContentType.JSON)
                .body(not(emptyOrNullString()));
    }
}
