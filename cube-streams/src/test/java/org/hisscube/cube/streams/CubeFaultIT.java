package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.localstack.LocalStack;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cube topology as its own process ({@link CubeProcess}) under hard faults during the ingest of the real
 * F-star field: SIGKILLed in the middle of a frame and started again; the broker restarted while the topology runs;
 * the S3 server stopped during a segment upload and started again. After each, compared with an undisturbed run:
 * every input file is announced exactly once to a read_committed consumer, the target's versions are 1, 2, 3 once
 * each, every object under {@code cube/} (segments, target versions) exists with the undisturbed run's bytes and no
 * other object exists (nothing orphaned), scratch files a killed process left behind are collected at the next start,
 * and replaying the whole raw topic changes nothing.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CubeFaultIT {
    private static final Duration LONG = Duration.ofMinutes(4);
    private Map<String, String> undisturbed;
    private StackConfig stack;
    private Path dir;

    @BeforeAll
    void undisturbedRun(StackConfig stack) throws Exception {
        this.stack = stack;
        this.dir = Files.createTempDirectory("cube-fault-it-");
        System.out.println("[cube-fault] processes' folders and logs under " + dir);
        Child run = new Child("calm");
        try {
            run.start();
            run.send(SampleRawFiles.FRAMES);
            run.awaitFramesIndexed();
            run.sendSpectra();
            run.awaitThirdVersion();
            run.assertExactlyOnce();
            undisturbed = run.cubeObjects();
        } finally {
            run.stop();
        }
        assertThat(undisturbed.keySet()).as("5 image segments, 4 spectrum segments, 3 target versions")
                .hasSize(12).contains("cube/targets/4657128951/v1.h5", "cube/targets/4657128951/v3.h5");
    }

    @Test
    void killedInTheMiddleOfAFrameAndStartedAgain() throws Exception {
        Child run = new Child("kill");
        try {
            run.start();
            run.send(SampleRawFiles.FRAMES);
            // mid-frame: a later frame's segment is being written to the scratch folder (the first is done)
            Path[] midFrame = new Path[1];
            await().atMost(LONG).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (run.committed(run.topics.frames()) < 1) {
                    return false;
                }
                midFrame[0] = run.scratchFiles().stream().filter(p -> p.getFileName().toString()
                        .startsWith("segment-")).findFirst().orElse(null);
                return midFrame[0] != null;
            });
            run.kill();
            int announced = run.committed(run.topics.frames());
            assertThat(announced).as("killed mid-ingest").isBetween(1, 4);
            assertThat(midFrame[0]).as("the killed process left its half-written segment").exists();

            run.start();
            assertThat(midFrame[0]).as("collected when the cube starts again").doesNotExist();
            assertThat(run.log()).contains(midFrame[0].getFileName().toString());
            run.awaitFramesIndexed();
            run.sendSpectra();
            run.awaitThirdVersion();
            run.assertSameCubeAsUndisturbed();
            run.assertReplayChangesNothing();
        } finally {
            run.stop();
        }
    }

    @Test
    void theBrokerRestartsWhileTheTopologyRuns() throws Exception {
        Child run = new Child("broker");
        try {
            run.start();
            run.send(SampleRawFiles.FRAMES);
            await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> run.uploads() >= 2);
            assertThat(run.committed(run.topics.frames())).as("restarted mid-ingest").isLessThan(5);
            SharedLocalStack.stackOrNull().kafka().restart();
            assertThat(run.process.isAlive()).as("the cube process rode the restart out").isTrue();
            run.awaitFramesIndexed();
            run.sendSpectra();
            run.awaitThirdVersion();
            assertThat(run.process.isAlive()).isTrue();
            run.assertSameCubeAsUndisturbed();
            run.assertReplayChangesNothing();
        } finally {
            run.stop();
        }
    }

    @Test
    void theS3ServerStopsDuringASegmentUploadAndStartsAgain() throws Exception {
        Child run = new Child("s3");
        LocalStack local = SharedLocalStack.stackOrNull();
        try {
            run.start();
            run.send(SampleRawFiles.FRAMES);
            await().atMost(LONG).pollInterval(Duration.ofMillis(10)).until(() -> run.uploads() >= 2);
            local.s3().stop();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> run.log().contains("failed (try"));
                Thread.sleep(2_000);
            } finally {
                local.s3().restart();
            }
            assertThat(run.log()).as("the outage hit the cube: a retry was logged").contains("failed (try");
            run.awaitFramesIndexed();
            run.sendSpectra();
            run.awaitThirdVersion();
            run.assertSameCubeAsUndisturbed();
            run.assertReplayChangesNothing();
        } finally {
            run.stop();
        }
    }

    /** One cube process with its own topics, bucket, application id, state and scratch folders, and log. */
    private final class Child {
        final String name;
        final CubeTopicNames topics;
        final String appId;
        final ObjectStore store;
        final Path home;
        final Path logFile;
        Process process;
        int starts;

        Child(String name) throws Exception {
            this.name = name;
            this.topics = CubeTopicNames.standard().prefixed("fault-" + name + ".");
            this.appId = "cube-fault-" + name;
            this.home = Files.createDirectories(dir.resolve(name));
            this.logFile = home.resolve("cube.log");
            ObjectStoreConfig c = stack.objectStore();
            this.store = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(),
                    "fault-" + name, c.region()));
            store.ensureBucket();
            try (Admin admin = admin()) {
                admin.createTopics(topics.newTopics(3)).all().get(60, TimeUnit.SECONDS);
            }
        }

        void start() throws Exception {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-Dorg.jboss.logging.provider=jdk", "-cp", cp,
                    CubeProcess.class.getName(), stack.bootstrapServers(), appId, "fault-" + name + ".",
                    home.resolve("state").toString(), home.resolve("scratch").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = pb.environment();
            env.putAll(LocalStack.asEnvironment(stack.values()));
            env.put("HISSCUBE_OBJECT_STORE_BUCKET", store.bucket());
            System.out.println("[cube-fault] starting cube process '" + name + "', log " + logFile);
            int before = count(log(), "[cube-process] RUNNING");
            process = pb.start();
            starts++;
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(process.isAlive()).as("cube process '" + name + "' alive; log " + logFile).isTrue();
                return count(log(), "[cube-process] RUNNING") > before;
            });
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy(); // SIGTERM: Kafka Streams closes cleanly
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            store.close();
        }

        String log() {
            try {
                return Files.exists(logFile) ? Files.readString(logFile) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Segment uploads the process has begun. */
        int uploads() {
            return count(log(), "uploading segment");
        }

        List<Path> scratchFiles() throws IOException {
            Path s = home.resolve("scratch");
            if (!Files.isDirectory(s)) {
                return List.of();
            }
            try (Stream<Path> l = Files.list(s)) {
                return l.toList();
            }
        }

        void send(List<String> names) {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (String n : names) {
                    RawFileStored claim = SampleRawFiles.stage(store, "raw/", n);
                    producer.send(new ProducerRecord<>(topics.rawFiles(), claim.fileId(),
                            Topics.RAW_FILES.encode(claim)));
                }
                producer.flush();
            }
        }

        void sendSpectra() {
            List<String> l = new ArrayList<>(SampleRawFiles.FSTAR_SPECTRA);
            l.add(SampleRawFiles.EDGE_GALAXY);
            send(l);
        }

        /** All five frames announced and in the link step's spatial index, so each spectrum makes one version. */
        void awaitFramesIndexed() {
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(process.isAlive()).as("cube process alive; log " + logFile).isTrue();
                return indexedFrames().size() == 5;
            });
        }

        void awaitThirdVersion() {
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> targetEvents().stream()
                    .anyMatch(t -> t.version() == 3 && t.spectrumFileIds().size() == 3));
        }

        List<TargetUpdated> targetEvents() {
            return read(topics.targets()).stream().map(r -> Topics.TARGETS.decode(r.value())).toList();
        }

        void assertExactlyOnce() {
            assertThat(fileIds(topics.frames())).as("each frame announced exactly once")
                    .containsExactlyInAnyOrderElementsOf(SampleRawFiles.FRAMES.stream()
                            .map(CubeKeys::baseName).toList());
            assertThat(fileIds(topics.spectra())).as("each spectrum announced exactly once")
                    .containsExactlyInAnyOrder("spec-3126-54804-0211", "spec-3127-54835-0622",
                            "spec-7330-56684-0434", "spec-4238-55455-0037");
            assertThat(targetEvents()).as("each target version announced exactly once")
                    .extracting(TargetUpdated::version).containsExactly(1, 2, 3);
            assertThat(read(CubeTopicNames.deadLetterOf(topics.rawFiles()))).as("no dead letters").isEmpty();
        }

        void assertSameCubeAsUndisturbed() throws IOException {
            assertExactlyOnce();
            Map<String, String> objects = cubeObjects();
            assertThat(objects.keySet()).as("no orphaned or missing object")
                    .containsExactlyElementsOf(undisturbed.keySet());
            assertThat(objects).as("every segment and target version byte for byte").isEqualTo(undisturbed);
            assertThat(scratchFiles()).as("no scratch file left").isEmpty();
        }

        /** Every raw claim check sent again: the cube skips them all (same sha256), nothing new is written. */
        void assertReplayChangesNothing() throws Exception {
            List<ConsumerRecord<String, byte[]>> raw = read(topics.rawFiles());
            assertThat(raw).hasSize(9);
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (ConsumerRecord<String, byte[]> r : raw) {
                    producer.send(new ProducerRecord<>(topics.rawFiles(), r.key(), r.value()));
                }
                producer.flush();
            }
            await().atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> consumedAll(topics.rawFiles()));
            assertSameCubeAsUndisturbed();
        }

        /** True when the application's committed offsets on the topic reached its end. */
        boolean consumedAll(String topic) throws Exception {
            try (Admin admin = admin()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator
                        .comparing(TopicPartition::toString));
                for (int p = 0; p < 3; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                for (var e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    // a transactional topic's end is one past the commit marker; the group commits up to there
                    if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                        return false;
                    }
                }
                return true;
            }
        }

        /** sha256 of every object under cube/ in this run's bucket. */
        Map<String, String> cubeObjects() {
            Map<String, String> m = new TreeMap<>();
            for (String key : store.list("cube/")) {
                try (InputStream in = new DigestInputStream(store.get(key), MessageDigest.getInstance("SHA-256"))) {
                    DigestInputStream d = (DigestInputStream) in;
                    d.transferTo(java.io.OutputStream.nullOutputStream());
                    m.put(key, HexFormat.of().formatHex(d.getMessageDigest().digest()));
                } catch (IOException | java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(key, e);
                }
            }
            return m;
        }

        Set<String> indexedFrames() {
            Set<String> ids = new TreeSet<>();
            String changelog = appId + "-" + CubeTopology.CELL_FRAMES_STORE + "-changelog";
            var cells = CubeTopology.CELL_FRAMES_SERDE.deserializer();
            for (ConsumerRecord<String, byte[]> r : read(changelog)) {
                if (r.value() != null) {
                    cells.deserialize(changelog, r.value()).frames().forEach(f -> ids.add(f.fileId()));
                }
            }
            return ids;
        }

        List<String> fileIds(String topic) {
            List<String> ids = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : read(topic)) {
                ids.add(topic.equals(topics.frames()) ? Topics.FRAMES.decode(r.value()).fileId()
                        : Topics.SPECTRA.decode(r.value()).fileId());
            }
            return ids;
        }

        int committed(String topic) {
            return read(topic).size();
        }

        List<ConsumerRecord<String, byte[]>> read(String topic) {
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    return out;
                }
                var parts = infos.stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                long deadline = System.currentTimeMillis() + 15_000;
                while (System.currentTimeMillis() < deadline
                        && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                    c.poll(Duration.ofMillis(200)).forEach(out::add);
                }
            }
            return out;
        }

        private KafkaProducer<String, byte[]> producer() {
            return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }

        private Admin admin() {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
