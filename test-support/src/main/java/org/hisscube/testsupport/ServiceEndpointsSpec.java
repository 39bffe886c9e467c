package org.hisscube.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isIn;

import java.util.List;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.junit.jupiter.api.Test;

/**
 * What every service must show once started against the real local stack: live and ready (object store reached),
 * Prometheus metrics, and an info page naming only catalogue topics. A service test extends this class and adds
 * {@code @QuarkusTest @QuarkusTestResource(LocalStackResource.class)}.
 */
public abstract class ServiceEndpointsSpec {

    @Test
    void shouldBeLiveAndReadyWithTheObjectStoreReached() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body(containsString("object-store"));
    }

    @Test
    void shouldExposePrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void shouldNameOnlyCatalogueTopics() {
        List<String> known = Topics.all().stream().map(Topic::name).toList();
        given().get("/api/info").then().statusCode(200)
                .body("consumes", everyItem(isIn(known)))
                .body("produces", everyItem(isIn(known)));
    }
}
