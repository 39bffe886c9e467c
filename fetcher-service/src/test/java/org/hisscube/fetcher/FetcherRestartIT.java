package org.hisscube.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * The packaged fetcher-service, run as its own process, is killed in the middle of a run and started again. The
 * honest guarantee across a kill is <em>at least once</em>: a file stored but not yet acknowledged is fetched (found)
 * again and announced again. What must hold, and is checked: every requested file is announced at least once, each
 * is stored as exactly one object under its one key with the source's bytes, and no claim check points at a missing
 * or different object. (Exactly one claim check per file without a restart: {@link CatalogToStoredFilesIT}.)
 * The fetcher processes use a bucket and a consumer group of their own, started at the end of the request topic.
 * The first process streams every file into a multipart upload of its key, so the kill leaves uploads open; they
 * must show no object, and the second process must abort them (no leak).
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
    void shouldAnnounceEveryFileAtLeastOnceWithOneObjectPerKeyAndNoDanglingClaimCheckAcrossAKill(StackConfig stack)
            throws Exception {
        LocalStack local = SharedLocalStack.stackOrNull();
        assertThat(local).as("this JVM's own stack").isNotNull();
        local.sas().setFaults((path, n, range) -> path.contains("frame-") ? new Fault.Slow(1_500_000) : Fault.NONE);
        String bucket = "restart-" + Long.toHexString(System.nanoTime());
        String fetcherGroup = "fetcher-" + bucket;
        ObjectStoreConfig base = stack.objectStore();
        List<RawFileStored> claimChecks = new ArrayList<>();
        Set<String> wanted = new TreeSet<>();
        try (S3ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(base.endpoint(), base.accessKey(),
                base.secretKey(), bucket, base.region()))) {
            store.ensureBucket();
            ConsumerGroups.startAtEnd(stack.bootstrapServers(), fetcherGroup, Topics.FETCH_REQUESTS.name());
            // the first process streams every file into a multipart upload, so the kill catches uploads open
            Process first = startFetcher(stack, bucket, fetcherGroup, "first",
                    Map.of("HISSCUBE_FETCHER_IN_MEMORY_MAX_BYTES", "0"));
            try (KafkaConsumer<String, byte[]> consumer = ConsumerGroups.consumer(stack.bootstrapServers(),
                    "restart-it-" + bucket, List.of(Topics.RAW_FILES.name()))) {
                publishRequests(stack, wanted);

                awaitAnnounced(consumer, bucket, claimChecks, wanted, 2, Duration.ofSeconds(120));
                awaitAFreshUpload(store, Duration.ofSeconds(60));
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                int beforeKill = fileIds(claimChecks).size();
                assertThat(beforeKill).as("files announced when the first fetcher was killed (mid-run)")
                        .isLessThan(wanted.size());
                assertThat(store.pendingUploads("raw/")).as("uploads the kill left open").isNotEmpty()
                        .allSatisfy(u -> assertThat(store.stat(u.key())).as("visible object of the open upload of "
                                + u.key()).isEmpty());

                // the second one (one PUT per file, the default) takes every open upload as abandoned at its start
                Process second = startFetcher(stack, bucket, fetcherGroup, "second",
                        Map.of("HISSCUBE_FETCHER_ABANDONED_UPLOAD_AGE", "0s"));
                try {
                    awaitAnnounced(consumer, bucket, claimChecks, wanted, wanted.size(), Duration.ofSeconds(240));
                    // all requests acknowledged: whatever else the fetcher announces for them is on the topic now
                    ConsumerGroups.awaitAcknowledged(stack.bootstrapServers(), fetcherGroup,
                            Topics.FETCH_REQUESTS.name(), Duration.ofSeconds(60));
                    ConsumerGroups.readToEnd(consumer, r -> keepOurs(r, bucket, claimChecks), Duration.ofSeconds(30));
                } finally {
                    second.destroy();
                    second.waitFor(30, TimeUnit.SECONDS);
                }
            } finally {
                local.sas().setFaults((path, n, range) -> Fault.NONE);
            }
            System.out.printf("[restart-test] %d claim checks for %d files (%d announced again after the kill)%n",
                    claimChecks.size(), wanted.size(), claimChecks.size() - wanted.size());

            assertThat(fileIds(claimChecks)).as("at least once: every requested file announced").isEqualTo(wanted);

            Path sample = SharedLocalStack.sampleFolder();
            Set<String> keys = new TreeSet<>();
            for (String name : FILES) {
                String key = "raw/" + SasPaths.forFileName(name);
                keys.add(key);
                String sha = sha256(Files.readAllBytes(sample.resolve(name.startsWith("frame") ? "frames" : "spectra")
                        .resolve(name)));
                assertThat(sha256(store.getBytes(key))).as("stored bytes of " + name).isEqualTo(sha);
            }
            assertThat(store.list("raw/")).as("one object per key: each file under its one key, nothing else")
                    .containsExactlyElementsOf(keys);
            assertThat(store.pendingUploads("")).as("no upload leaked: the killed fetcher's were aborted").isEmpty();

            for (RawFileStored e : claimChecks) {
                assertThat(store.stat(e.key())).as("no dangling claim check: object of " + e.fileId()).isPresent()
                        .hasValueSatisfying(info -> assertThat(info.userMetadata()).as("stored sha256 of " + e.key())
                                .containsEntry("sha256", e.sha256()));
                assertThat(e.key()).as("key of " + e.fileId()).isIn(keys);
            }
        }
    }

    /**
     * Waits until a frame's upload was started less than a second ago (a slow frame takes over 2 s), so that the kill
     * that follows certainly catches it open.
     */
    private static void awaitAFreshUpload(S3ObjectStore store, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            java.time.Instant recent = java.time.Instant.now().minusSeconds(1);
            if (store.pendingUploads("raw/").stream().anyMatch(u -> u.key().contains("/frame-")
                    && u.initiated().isAfter(recent))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first fetcher never had a frame's upload open in " + timeout);
    }

    private static void awaitAnnounced(KafkaConsumer<String, byte[]> consumer, String bucket,
            List<RawFileStored> claimChecks, Set<String> wanted, int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fileIds(claimChecks).stream().filter(wanted::contains).count() < atLeast
                && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> keepOurs(r, bucket, claimChecks));
        }
    }

    /** Keeps the claim checks of this test's bucket (the topic also carries other tests'). */
    private static void keepOurs(ConsumerRecord<String, byte[]> r, String bucket, List<RawFileStored> into) {
        RawFileStored e = Topics.RAW_FILES.decode(r.value());
        if (e.bucket().equals(bucket)) {
            into.add(e);
        }
    }

    private static Set<String> fileIds(List<RawFileStored> claimChecks) {
        Set<String> ids = new TreeSet<>();
        claimChecks.forEach(e -> ids.add(e.fileId()));
        return ids;
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

    private Process startFetcher(StackConfig stack, String bucket, String group, String name,
            Map<String, String> settings) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("packaged service").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.putAll(LocalStack.asEnvironment(stack.values()));
        env.put("HISSCUBE_OBJECT_STORE_BUCKET", bucket);
        env.put("MP_MESSAGING_INCOMING_FETCH_REQUESTS_GROUP_ID", group);
        env.put("HISSCUBE_FETCHER_MAX_CONCURRENCY", "2");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.putAll(settings);
        System.out.println("[restart-test] starting fetcher process '" + name + "', log " + logs.resolve(name + ".log"));
        return pb.start();
    }

    private static String fileId(String name) {
        return name.replaceFirst("\\.fits(\\.bz2)?$", "");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
