package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.science.cube.Target;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cube topology under Kafka Streams with exactly_once_v2 on the real broker and S3 server: spectra first
 * (uninterrupted) and frames first (the service stopped in the middle of ingest, the broker restarted, the service
 * started again on the same state folder) end with the same target file byte for byte, and every file is announced
 * exactly once to read-committed consumers.
 */
@ExtendWith(LocalStackExtension.class)
class CubeStreamsIT {
    private static final List<String> SPECTRA = spectra();

    @Test
    void bothArrivalOrdersAServiceRestartMidIngestAndABrokerRestartEndWithTheSameCube(StackConfig stack,
            @TempDir Path dir) throws Exception {
        // spectra first, uninterrupted: the target is built once, when the last band arrives
        Run spectraFirst = new Run(stack, "eos-a", dir.resolve("a"));
        spectraFirst.start();
        spectraFirst.send(SPECTRA);
        await().atMost(Duration.ofMinutes(2)).until(() -> spectraFirst.committed(spectraFirst.topics.spectra()) == 4);
        spectraFirst.send(SampleRawFiles.FRAMES);
        TargetUpdated a = spectraFirst.awaitComplete();
        spectraFirst.stop();

        // frames first; the service stops mid-ingest, the broker restarts, the service starts again on its state
        Run framesFirst = new Run(stack, "eos-b", dir.resolve("b"));
        framesFirst.start();
        framesFirst.send(SampleRawFiles.FRAMES);
        await().atMost(Duration.ofMinutes(3)).until(() -> framesFirst.committed(framesFirst.topics.frames()) >= 2);
        framesFirst.stop();
        SharedLocalStack.stackOrNull().kafka().restart();
        framesFirst.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> framesFirst.committed(framesFirst.topics.frames()) == 5);
        // announced is not yet linked: each frame still crosses the sky-cell repartition; the spectra go in only once
        // the link step's spatial index holds all five, so that each spectrum epoch makes a version of its own
        await().atMost(Duration.ofMinutes(2)).until(() -> framesFirst.indexedFrames().size() == 5);
        framesFirst.send(SPECTRA);
        TargetUpdated b = framesFirst.awaitComplete();
        framesFirst.stop();

        Target ta = CubeDriver.readTarget(spectraFirst.store, a.targetKey(), dir);
        Target tb = CubeDriver.readTarget(framesFirst.store, b.targetKey(), dir);
        TargetArrays.assertSame(ta, tb);
        assertThat(spectraFirst.store.getBytes(a.targetKey())).isEqualTo(framesFirst.store.getBytes(b.targetKey()));
        for (Run r : List.of(spectraFirst, framesFirst)) {
            assertThat(r.committed(r.topics.frames())).as("frames announced once each").isEqualTo(5);
            assertThat(r.committed(r.topics.spectra())).as("spectra announced once each").isEqualTo(4);
        }
        assertThat(spectraFirst.targetEvents()).extracting(TargetUpdated::version).containsExactly(1);
        assertThat(framesFirst.targetEvents()).as("one version per spectrum epoch, none twice")
                .extracting(TargetUpdated::version).containsExactly(1, 2, 3);
    }

    private static List<String> spectra() {
        List<String> l = new ArrayList<>(SampleRawFiles.FSTAR_SPECTRA);
        l.add(SampleRawFiles.EDGE_GALAXY);
        return List.copyOf(l);
    }

    /** One cube on its own topics (prefix), bucket and state folder. */
    private static final class Run {
        final StackConfig stack;
        final String name;
        final Path dir;
        final CubeTopicNames topics;
        final ObjectStore store;
        KafkaStreams streams;

        Run(StackConfig stack, String name, Path dir) throws Exception {
            this.stack = stack;
            this.name = name;
            this.dir = Files.createDirectories(dir);
            this.topics = CubeTopicNames.standard().prefixed(name + ".");
            ObjectStoreConfig c = stack.objectStore();
            this.store = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(),
                    "cube-" + name, c.region()));
            store.ensureBucket();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers()))) {
                admin.createTopics(topics.newTopics(3)).all().get(60, TimeUnit.SECONDS);
            }
        }

        void start() {
            CubeMetrics metrics = new CubeMetrics(new SimpleMeterRegistry());
            Path scratch = dir.resolve("scratch");
            var topology = CubeTopology.build(new CubeTopology.Parts(topics,
                    new RawFileIngester(store, CubeDriver.ZOOMS, scratch, metrics),
                    // no shared RecentInputs here: the linker reads every image segment back from the store
                    new TargetLinker(store, CubeDriver.ZOOMS, scratch, 6), metrics, "cube-service", 3));
            Properties p = CubeStreamsConfig.properties(stack.bootstrapServers(), "cube-it-" + name,
                    dir.resolve("state"));
            streams = new KafkaStreams(topology, p);
            streams.setUncaughtExceptionHandler(
                    e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
            streams.start();
        }

        void stop() {
            streams.close(Duration.ofSeconds(60));
        }

        void send(List<String> names) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
                for (String n : names) {
                    RawFileStored claim = SampleRawFiles.stage(store, "raw/", n);
                    producer.send(new ProducerRecord<>(topics.rawFiles(), claim.fileId(),
                            Topics.RAW_FILES.encode(claim)));
                }
                producer.flush();
            }
        }

        /** Waits for the target with all five frames and three spectra. */
        TargetUpdated awaitComplete() {
            List<TargetUpdated> seen = new ArrayList<>();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                seen.clear();
                read(topics.targets()).forEach(r -> seen.add(Topics.TARGETS.decode(r.value())));
                return seen.stream().anyMatch(t -> t.frameFileIds().size() == 5 && t.spectrumFileIds().size() == 3);
            });
            return seen.get(seen.size() - 1);
        }

        List<TargetUpdated> targetEvents() {
            return read(topics.targets()).stream().map(r -> Topics.TARGETS.decode(r.value())).toList();
        }

        /** File ids of the frames in the link step's spatial index (its committed changelog). */
        Set<String> indexedFrames() {
            Set<String> ids = new TreeSet<>();
            String changelog = "cube-it-" + name + "-" + CubeTopology.CELL_FRAMES_STORE + "-changelog";
            var cells = CubeTopology.CELL_FRAMES_SERDE.deserializer();
            for (ConsumerRecord<String, byte[]> r : read(changelog)) {
                if (r.value() != null) {
                    cells.deserialize(changelog, r.value()).frames().forEach(f -> ids.add(f.fileId()));
                }
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
                var parts = c.partitionsFor(topic).stream()
                        .map(pi -> new org.apache.kafka.common.TopicPartition(topic, pi.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts);
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline
                        && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                    c.poll(Duration.ofMillis(200)).forEach(out::add);
                }
            }
            return out;
        }
    }
}
