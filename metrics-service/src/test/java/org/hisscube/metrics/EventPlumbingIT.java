package org.hisscube.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.Modality;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.testsupport.LocalStackResource;
import org.junit.jupiter.api.Test;

/**
 * The plumbing end to end, on a real Kafka broker process and a real S3 server process: events go through the
 * broker into the running service, a malformed record is dead-lettered with its coordinates and the consumer goes
 * on, and objects round-trip through the S3 server.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class EventPlumbingIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectStore store;

    @Test
    void shouldCountEventsDeadLetterMalformedOnesAndGoOn() throws Exception {
        String topic = Topics.EMBEDDINGS.name();
        byte[] garbage = "{\"eventId\": 42, this is not json".getBytes(StandardCharsets.UTF_8);
        FeaturesComputed valid = new FeaturesComputed("e1", 1, java.time.Instant.now(), 4657128951L, 1, 0,
                Modality.MULTI, "STAR", List.of(0.5, -1.0), "baseline-1", 1, "train");
        // other tests of this app may have put events on the topic too: count from here
        Integer seen = given().get("/api/events").then().statusCode(200).extract().path("'features.embeddings'");
        int before = seen == null ? 0 : seen;
        RecordMetadata badAt;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            badAt = producer.send(new ProducerRecord<>(topic, "poison", garbage)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, "4657128951", Topics.EMBEDDINGS.encode(valid)))
                    .get(30, TimeUnit.SECONDS);
        }

        // the valid event after the poison pill is consumed: the consumer went on
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/events").then()
                .statusCode(200).body("'features.embeddings'", is(before + 1)));

        // the poison pill is on the dead-letter topic, intact, with where it came from and why
        EventDeadLettered letter = readOneDeadLetter(Topics.deadLetterOf(Topics.EMBEDDINGS).name());
        assertThat(letter.sourceTopic()).isEqualTo(topic);
        assertThat(letter.partition()).isEqualTo(badAt.partition());
        assertThat(letter.offset()).isEqualTo(badAt.offset());
        assertThat(letter.key()).isEqualTo("poison");
        assertThat(letter.payload()).isEqualTo(garbage);
        assertThat(letter.cause()).contains("features.embeddings").contains("not valid JSON");
        assertThat(letter.service()).isEqualTo("metrics-service");

        // ... and the observer saw the dead letter too, and says so in Prometheus format
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("hisscube_metrics_events_total{topic=\"features.embeddings\",type=\"FeaturesComputed\"} "
                        + (before + 1) + ".0"))
                .body(containsString("hisscube_metrics_dead_letters_seen_total{cause=\"MalformedEventException\",topic=\"features.embeddings\"} 1.0")));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("object-store"));
    }

    @Test
    void shouldOnlyCountMalformedRecordsOnTopicsThatTheirOwnServiceDeadLetters() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.FETCH_REQUESTS.name(), "junk", "not json"
                    .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.TARGETS.name(), "junk", "not json"
                    .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then().body(
                containsString("hisscube_metrics_malformed_seen_total{topic=\"sdss.fetch-requests\"} 1.0"))
                .body(containsString("hisscube_metrics_malformed_seen_total{topic=\"hisscube.targets\"} 1.0")));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "no-dlq-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(Topics.deadLetterOf(Topics.FETCH_REQUESTS).name(),
                    Topics.deadLetterOf(Topics.TARGETS).name()));
            int seen = 0;
            for (int i = 0; i < 6; i++) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
            }
            assertThat(seen).as("the fetcher owns sdss.fetch-requests and the feature-service hisscube.targets: the "
                    + "observer sets nothing aside").isZero();
        }
    }

    @Test
    void shouldRoundTripAnObjectThroughTheRealS3Server() {
        byte[] bytes = "SIMPLE  =                    T".getBytes(StandardCharsets.US_ASCII);
        store.put("plumbing/roundtrip.fits", bytes, "application/fits", Map.of("sha256", "not-checked-here"));
        assertThat(store.getBytes("plumbing/roundtrip.fits")).isEqualTo(bytes);
        assertThat(store.stat("plumbing/roundtrip.fits").orElseThrow().userMetadata())
                .containsEntry("sha256", "not-checked-here");
    }

    private EventDeadLettered readOneDeadLetter(String dlq) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "plumbing-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(dlq));
            List<EventDeadLettered> letters = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (letters.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(Topics.DEAD_LETTER_SERDE.fromBytes(dlq, r.value()));
                }
            }
            assertThat(letters).hasSize(1);
            return letters.get(0);
        }
    }
}
