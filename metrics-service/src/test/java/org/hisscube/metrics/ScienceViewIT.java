package org.hisscube.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.ExperimentCompleted;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.Modality;
import org.hisscube.contracts.events.ModelEvaluated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.testsupport.LocalStackResource;
import org.junit.jupiter.api.Test;

/**
 * The science view, from the trainer's and the feature-service's events on a real broker: the live model and the
 * latest evaluated one per kind and zoom (as JSON and as gauges the alert on quality drops reads), featurised targets
 * per zoom, class and split, consumer lag per group, and an experiment's report files streamed from the real S3 server
 * for the dashboard page, with names that would leave the report refused.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ScienceViewIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectStore store;

    private static ModelEvaluated evaluated(String id, int version, double macroF1, boolean live) {
        return new ModelEvaluated("ev-" + id, 1, Instant.now(), id, version, Modality.MULTI, 2,
                Map.of("macro_f1", macroF1, "f1_STAR", 0.97, "f1_GALAXY", macroF1, "f1_QSO", 0.5, "live",
                        live ? 1.0 : 0.0), 120, 30, 12.5);
    }

    @Test
    void liveAndLatestModelsFeaturisedTargetsLagAndReportsAreShown() throws Exception {
        store.put("experiments/science-it/r1/results.json", "{\"plots\":[{\"file\":\"f1.png\"}]}".getBytes(),
                "application/json", Map.of());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        store.put("experiments/science-it/r1/f1.png", png, "image/png", Map.of());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (ModelEvaluated e : List.of(evaluated("fused-z2-v1", 1, 0.91, true),
                    evaluated("fused-z2-v2", 2, 0.80, false), evaluated("exp-x-r-fused-z2-s1", 1, 0.1, false))) {
                producer.send(new ProducerRecord<>(Topics.EVALUATIONS.name(), e.modelId(),
                        Topics.EVALUATIONS.encode(e))).get(30, TimeUnit.SECONDS);
            }
            long[] ids = {11, 12, 13};
            for (long id : ids) {
                for (Modality m : List.of(Modality.IMAGE, Modality.MULTI)) {
                    FeaturesComputed f = new FeaturesComputed("f" + id + m, 1, Instant.now(), id, 1, 3, m,
                            id == 13 ? "QSO" : "STAR", List.of(1.0), "baseline-1", 1, id == 12 ? "test" : "train");
                    producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), Long.toString(id),
                            Topics.EMBEDDINGS.encode(f))).get(30, TimeUnit.SECONDS);
                }
            }
            ExperimentCompleted done = new ExperimentCompleted("x1", 1, Instant.now(), "science-it", "r1", 1, 1,
                    List.of(2), Map.of("fused-z2", 0.9), List.of("exp-science-it-r1-fused-z2-s1"), store.bucket(),
                    "experiments/science-it/r1/", 3.0);
            producer.send(new ProducerRecord<>(Topics.EXPERIMENTS.name(), "science-it",
                    Topics.EXPERIMENTS.encode(done))).get(30, TimeUnit.SECONDS);
        }

        // the live version stays v1 (0.91); the newer v2 (0.80) is the latest evaluated; experiment models are not
        // live models
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/science").then().statusCode(200)
                .body("live.modelId", hasItem("fused-z2-v1")).body("latest.modelId", hasItem("fused-z2-v2"))
                .body("featurised.'3'.STAR.train", org.hamcrest.Matchers.is(1))
                .body("featurised.'3'.STAR.test", org.hamcrest.Matchers.is(1))
                .body("featurised.'3'.QSO.train", org.hamcrest.Matchers.is(1)));
        String body = given().get("/api/science").then().extract().asString();
        assertThat(body).doesNotContain("exp-x-r");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("hisscube_metrics_live_macro_f1{model=\"fused\",zoom=\"2\"} 0.91")
                .contains("hisscube_metrics_evaluated_macro_f1{model=\"fused\",zoom=\"2\"} 0.8")
                .contains("hisscube_metrics_live_model_version{model=\"fused\",zoom=\"2\"} 1.0")
                .contains("hisscube_metrics_live_class_f1{class=\"QSO\",model=\"fused\",zoom=\"2\"} 0.5")
                // configured kinds exist before their first model, as NaN
                .contains("hisscube_metrics_live_macro_f1{model=\"image\",zoom=\"2\"} NaN")
                // distinct targets, not events: two modalities of one target count once
                .contains("hisscube_metrics_featurised_targets{class=\"STAR\",split=\"train\",zoom=\"3\"} 1.0")
                // every topic's dead-letter count exists from zero
                .contains("hisscube_metrics_topic_dead_letters_total{topic=\"hisscube.targets\"} 0.0")
                .contains("hisscube_metrics_object_store_requests_total{operation=\"put\",outcome=\"error\"} 0.0");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("hisscube_metrics_experiment_macro_f1{experiment=\"science-it\",model=\"fused-z2\"} 0.9"))
                .body(containsString("hisscube_metrics_consumer_lag_records{group=\"metrics-service\",partition=\"0\","
                        + "topic=\"trainer.evaluations\"} 0.0")));
        given().get("/api/consumer-lag").then().statusCode(200).body("'metrics-service'.topic",
                hasItem("trainer.evaluations"));

        // the report's files, from the object store, for the dashboard page
        byte[] served = given().get("/api/reports/science-it/f1.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(served).isEqualTo(png);
        given().get("/api/reports/science-it/results.json").then().statusCode(200).body("plots[0].file",
                org.hamcrest.Matchers.is("f1.png"));
        given().get("/api/reports/science-it/..%2Fr0%2Fresults.json").then().statusCode(404);
        given().get("/api/reports/science-it/missing.png").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.is("not in the object store"));
        given().get("/api/reports/no-such-experiment/f1.png").then().statusCode(404);
        given().get("/api/reports/science-it/f1.exe").then().statusCode(404);
        // and the dashboard page itself is served
        given().get("/").then().statusCode(200).body(containsString("HiSS-Cube Streams — dashboard"));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("/api/science"));
    }
}
