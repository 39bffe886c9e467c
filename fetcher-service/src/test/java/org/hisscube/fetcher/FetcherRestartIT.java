package org.hisscube.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
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
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.localstack.Fault;
import org.hisscube.localstack.LocalStack;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged fetcher-service, run as its own process, is killed in the middle of a run and started again: every
 * requested file ends stored exactly once with the source's bytes, and every claim check points at a stored object.
 */
@ExtendWith(LocalStackExtension.class)
class FetcherRestartIT {
    static final List<String> FILES = List.of("frame-g-002820-3-0122.fits.bz2", "frame-r-002820-3-0122.fits.bz2",
            "frame-i-002820-3-0122.fits.bz2", "frame-u-002820-3-0122.fits.bz2", "frame-z-002820-3-0122.fits.bz2",
            "frame-g-003565-1-0058.fits.bz2", "frame-g-003565-1-0059.fits.bz2", "spec-0411-51817-0119.fits",
            "spec-0412-51871-0308.fits", "spec-4500-55543-0331.fits");

    @TempDir
    Path logs;

    @Test
    void shouldStoreEveryFileExactlyOnceAcrossAKilledFetcher(StackConfig stack) throws Exception {
        LocalStack local = SharedLocalStack.stackOrNull();
        assertThat(local).as("this JVM's own stack").isNotNull();
        local.sas().setFaults((path, n, range) -> path.contains("frame-") ? new Fault.Slow(1_500_000) : Fault.NONE);
        String bucket = "restart-" + Long.toHexString(System.nanoTime());
        ObjectStoreConfig base = stack.objectStore();
        try (S3ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(base.endpoint(), base.accessKey(),
                base.secretKey(), bucket, base.region()))) {
            store.ensureBucket();
            Process first = startFetcher(stack, bucket, "first");
            Map<String, RawFileStored> events = new HashMap<>();
            Set<String> wanted = new TreeSet<>();
            try (KafkaConsumer<String, byte[]> consumer = consumer(stack, "restart-it-" + bucket)) {
                consumer.subscribe(List.of(Topics.RAW_FILES.name()));
                consumer.poll(Duration.ofSeconds(2));
                publishRequests(stack, wanted);

                awaitEvents(consumer, bucket, events, wanted, 2, Duration.ofSeconds(120));
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                int beforeRestart = events.size();
                assertThat(beforeRestart).as("killed mid-run").isLessThan(wanted.size());

                Process second = startFetcher(stack, bucket, "second");
                try {
                    awaitEvents(consumer, bucket, events, wanted, wanted.size(), Duration.ofSeconds(240));
                } finally {
                    second.destroy();
                    second.waitFor(30, TimeUnit.SECONDS);
                }
            } finally {
                local.sas().setFaults((path, n, range) -> Fault.NONE);
            }
            assertThat(events.keySet()).containsAll(wanted);
            Path sample = SharedLocalStack.sampleFolder();
            for (String name : FILES) {
                String key = "raw/" + SasPaths.forFileName(name);
                String sha = sha256(Files.readAllBytes(sample.resolve(name.startsWith("frame") ? "frames" : "spectra")
                        .resolve(name)));
                assertThat(sha256(store.getBytes(key))).as(name).isEqualTo(sha);
                assertThat(events.get(fileId(name)).sha256()).isEqualTo(sha);
            }
            // the topic also holds earlier tests' requests, which the second process may still be working on when it
            // is stopped; what must hold at any moment is that no claim check points at a missing object
            assertThat(new TreeSet<>(store.list("raw/"))).as("no claim check without its object")
                    .containsAll(eventKeys(events));
            for (RawFileStored e : events.values()) {
                assertThat(store.stat(e.key())).as("object of claim check " + e.fileId()).isPresent();
            }
        }
    }

    private static void awaitEvents(KafkaConsumer<String, byte[]> consumer, String bucket,
            Map<String, RawFileStored> events, Set<String> wanted, int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.keySet().stream().filter(wanted::contains).count() < atLeast && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                RawFileStored e = Topics.RAW_FILES.decode(r.value());
                if (e.bucket().equals(bucket)) {
                    events.put(e.fileId(), e);
                }
            }
        }
    }

    private static Set<String> eventKeys(Map<String, RawFileStored> events) {
        Set<String> keys = new TreeSet<>();
        events.values().forEach(e -> keys.add(e.key()));
        return keys;
    }

    private static void publishRequests(StackConfig stack, Set<String> wanted) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (String name : FILES) {
                FetchRequested r = FetchRequested.of(fileId(name), name.startsWith("frame") ? FileKind.FRAME
                        : FileKind.SPECTRUM, SasPaths.forFileName(name), Map.of(), "restart-test");
                producer.send(new ProducerRecord<>(Topics.FETCH_REQUESTS.name(), r.fileId(),
                        Topics.FETCH_REQUESTS.encode(r))).get(30, TimeUnit.SECONDS);
                wanted.add(r.fileId());
            }
        }
    }

    private Process startFetcher(StackConfig stack, String bucket, String name) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("packaged service").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.putAll(LocalStack.asEnvironment(stack.values()));
        env.put("HISSCUBE_OBJECT_STORE_BUCKET", bucket);
        env.put("MP_MESSAGING_INCOMING_FETCH_REQUESTS_GROUP_ID", "fetcher-" + bucket);
        env.put("HISSCUBE_FETCHER_MAX_CONCURRENCY", "2");
        env.put("QUARKUS_HTTP_PORT", "0");
        System.out.println("[restart-test] starting fetcher process '" + name + "', log " + logs.resolve(name + ".log"));
        return pb.start();
    }

    private static KafkaConsumer<String, byte[]> consumer(StackConfig stack, String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static String fileId(String name) {
        return name.replaceFirst("\\.fits(\\.bz2)?$", "");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
