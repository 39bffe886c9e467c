package org.hisscube.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectStore;
import org.junit.jupiter.api.Test;

/**
 * Requests that cannot be served — a malformed record, a file the archive does not have, a path outside the base
 * URL — each end on {@code sdss.fetch-requests.dlq} exactly once with their cause, nothing is stored for them, and
 * the good request sent after them is still fetched and announced. Own bucket and fetcher consumer group.
 */
@QuarkusTest
@QuarkusTestResource(value = FetcherTestStack.class, restrictToAnnotatedClass = true)
class FetchRequestDeadLettersIT {
    static final String GOOD = "spec-4500-55543-0331.fits";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.fetch-requests.group.id")
    String fetcherGroup;

    @Inject
    ObjectStore store;

    @Test
    void shouldDeadLetterEachUnservableRequestOnceWithItsCauseAndGoOn() throws Exception {
        FetchRequested missing = FetchRequested.of("spec-9999-59999-0001", FileKind.SPECTRUM,
                SasPaths.spectrum(9999, 59999, 1), Map.of(), "test");
        FetchRequested escaping = FetchRequested.of("evil", FileKind.SPECTRUM, "../../../etc/passwd", Map.of(),
                "test");
        FetchRequested good = FetchRequested.of("spec-4500-55543-0331", FileKind.SPECTRUM,
                SasPaths.forFileName(GOOD), Map.of(), "test");
        Map<String, String> expectedType = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            expectedType.put(where(send(producer, "bad", "{\"fileId\":".getBytes(StandardCharsets.UTF_8))),
                    "MalformedEventException");
            expectedType.put(where(send(producer, missing.fileId(), Topics.FETCH_REQUESTS.encode(missing))),
                    "FetcherException:http_404");
            expectedType.put(where(send(producer, escaping.fileId(), Topics.FETCH_REQUESTS.encode(escaping))),
                    "FetcherException:forbidden_url");
            send(producer, good.fileId(), Topics.FETCH_REQUESTS.encode(good));
        }

        List<EventDeadLettered> letters = new ArrayList<>();
        List<RawFileStored> claimChecks = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = ConsumerGroups.consumer(bootstrap, "dlq-" + fetcherGroup,
                List.of(Topics.deadLetterOf(Topics.FETCH_REQUESTS).name(), Topics.RAW_FILES.name()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((letters.size() < expectedType.size() || claimChecks.isEmpty()) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keepOurs(r, expectedType, letters, claimChecks));
            }
            ConsumerGroups.awaitAcknowledged(bootstrap, fetcherGroup, Topics.FETCH_REQUESTS.name(),
                    Duration.ofSeconds(60));
            ConsumerGroups.readToEnd(consumer, r -> keepOurs(r, expectedType, letters, claimChecks),
                    Duration.ofSeconds(30));
        }

        Map<String, String> typeByRecord = letters.stream().collect(Collectors.toMap(l -> l.partition() + "/"
                + l.offset(), EventDeadLettered::errorType, (a, b) -> a + " AND AGAIN " + b, TreeMap::new));
        assertThat(typeByRecord).as("one dead letter per refused request, by partition/offset")
                .isEqualTo(expectedType);
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.service()).isEqualTo("fetcher-service");
            assertThat(l.sourceTopic()).isEqualTo(Topics.FETCH_REQUESTS.name());
        });
        assertThat(letters).anySatisfy(l -> assertThat(l.cause()).contains("spec-9999-59999-0001")
                .contains("HTTP 404"));

        assertThat(claimChecks).extracting(RawFileStored::fileId).as("the request after the refused ones")
                .containsExactly(good.fileId());
        String missingKey = "raw/" + missing.sasPath();
        assertThat(store.stat(missingKey)).as(missingKey).isEmpty();
        assertThat(store.list("raw/")).as("only the good file is stored")
                .containsExactly("raw/" + SasPaths.forFileName(GOOD));
        assertThat(store.list(missingKey.substring(0, missingKey.lastIndexOf('/') + 1))).isEmpty();
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String key, byte[] value)
            throws Exception {
        return producer.send(new ProducerRecord<>(Topics.FETCH_REQUESTS.name(), key, value)).get(30, TimeUnit.SECONDS);
    }

    private static String where(RecordMetadata m) {
        return m.partition() + "/" + m.offset();
    }

    /** Keeps the dead letters of the records this test sent, and the claim checks of this class's bucket. */
    private void keepOurs(ConsumerRecord<String, byte[]> r, Map<String, String> ours, List<EventDeadLettered> letters,
            List<RawFileStored> claimChecks) {
        if (r.topic().equals(Topics.RAW_FILES.name())) {
            RawFileStored e = Topics.RAW_FILES.decode(r.value());
            if (e.bucket().equals(store.bucket())) {
                claimChecks.add(e);
            }
            return;
        }
        EventDeadLettered l = Topics.deadLetterOf(Topics.FETCH_REQUESTS).decode(r.value());
        String where = l.partition() + "/" + l.offset();
        if (l.sourceTopic().equals(Topics.FETCH_REQUESTS.name()) && ours.containsKey(where)) {
            letters.add(l);
        }
    }
}
