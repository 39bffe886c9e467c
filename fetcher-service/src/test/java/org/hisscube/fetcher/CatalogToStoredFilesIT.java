package org.hisscube.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.testsupport.LocalStackResource;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;

/**
 * A catalog of real objects, through the real broker, the running fetcher, the real SAS mirror (serving the real
 * sample files) and the real S3 server: exactly the right objects are stored, with the source's bytes, each with
 * one claim check; requests that cannot be served end on the dead-letter topic with their cause.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class CatalogToStoredFilesIT {
    /** The F star's three epochs and the edge galaxy: all in field 2820-3-0122; one malformed row. */
    static final String CATALOG = String.join("\n",
            "objid,ra,dec,u,g,r,i,z,run,rerun,camcol,field,specobjid,class,redshift,plate,mjd,fiberid",
            "1237657191442383026,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,1,STAR,0.0001,3126,54804,211",
            "1237657191442383026,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,2,STAR,0.0001,3127,54835,622",
            "1237657191442383026,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,3,STAR,0.0001,7330,56684,434",
            "1237657191442382999,38.0,-0.3,-9999,22.1,21.0,20.1,19.8,2820,301,3,122,4,GALAXY,0.6065,4238,55455,37",
            "1237657191442382998,38.30x,-0.3,22,22.1,21.0,20.1,19.8,2820,301,3,122,5,GALAXY,0.1,4238,55455,38",
            "");
    static final Set<String> EXPECTED = new TreeSet<>(List.of("frame-u-002820-3-0122", "frame-g-002820-3-0122",
            "frame-r-002820-3-0122", "frame-i-002820-3-0122", "frame-z-002820-3-0122", "spec-3126-54804-0211",
            "spec-3127-54835-0622", "spec-7330-56684-0434", "spec-4238-55455-0037"));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectStore store;

    @Test
    void shouldTurnACatalogIntoExactlyTheRightStoredFilesAndClaimChecks() throws Exception {
        given().contentType("text/csv").body(CATALOG).queryParam("name", "fstar.csv")
                .post("/api/catalog-imports").then().statusCode(200)
                .body("rowsRead", is(5)).body("rowsSkipped", is(1))
                .body("framesRequested", is(5)).body("spectraRequested", is(4));

        Map<String, RawFileStored> stored = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer("catalog-it")) {
            consumer.subscribe(List.of(Topics.RAW_FILES.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!stored.keySet().containsAll(EXPECTED) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    RawFileStored e = Topics.RAW_FILES.decode(r.value());
                    assertThat(r.key()).isEqualTo(e.fileId());
                    stored.put(e.fileId(), e);
                }
            }
        }
        assertThat(new TreeSet<>(stored.keySet())).isEqualTo(EXPECTED);
        Path sample = SharedLocalStack.sampleFolder();
        for (RawFileStored e : stored.values()) {
            String name = e.kind() == FileKind.FRAME ? e.fileId() + ".fits.bz2" : e.fileId() + ".fits";
            Path source = sample.resolve(e.kind() == FileKind.FRAME ? "frames" : "spectra").resolve(name);
            String sha = sha256(Files.readAllBytes(source));
            assertThat(e.sha256()).as(name).isEqualTo(sha);
            assertThat(e.key()).isEqualTo("raw/" + SasPaths.forFileName(name));
            assertThat(sha256(store.getBytes(e.key()))).as("bytes in the store of " + name).isEqualTo(sha);
        }
        assertThat(store.list("raw/")).hasSize(EXPECTED.size());
        assertThat(store.list("staging/")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("hisscube_fetcher_files_total{outcome=\"fetched\"} 9.0"))
                .body(containsString("hisscube_fetcher_fetch_seconds_count 9")));
    }

    @Test
    void shouldDeadLetterRequestsThatCannotBeServedAndGoOn() throws Exception {
        FetchRequested missing = FetchRequested.of("spec-9999-59999-0001", FileKind.SPECTRUM,
                SasPaths.spectrum(9999, 59999, 1), Map.of(), "test");
        FetchRequested escaping = FetchRequested.of("evil", FileKind.SPECTRUM, "../../../etc/passwd", Map.of(),
                "test");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.FETCH_REQUESTS.name(), "bad", "{\"fileId\":".getBytes(
                    StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.FETCH_REQUESTS.name(), missing.fileId(),
                    Topics.FETCH_REQUESTS.encode(missing))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.FETCH_REQUESTS.name(), escaping.fileId(),
                    Topics.FETCH_REQUESTS.encode(escaping))).get(30, TimeUnit.SECONDS);
        }
        List<EventDeadLettered> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer("dlq-it")) {
            consumer.subscribe(List.of(Topics.deadLetterOf(Topics.FETCH_REQUESTS).name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (letters.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(Topics.deadLetterOf(Topics.FETCH_REQUESTS).decode(r.value()));
                }
            }
        }
        assertThat(letters).extracting(EventDeadLettered::errorType).containsExactlyInAnyOrder(
                "MalformedEventException", "FetcherException:http_404", "FetcherException:forbidden_url");
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.service()).isEqualTo("fetcher-service");
            assertThat(l.offset()).isNotNegative();
        });
        assertThat(letters).anySatisfy(l -> assertThat(l.cause()).contains("spec-9999-59999-0001")
                .contains("HTTP 404"));
        assertThat(store.list("raw/spectro")).isEmpty();
    }

    private KafkaConsumer<String, byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
