package org.hisscube.cube.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.science.cube.CubeExportReader;
import org.hisscube.science.cube.Target;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;

/**
 * The production topology ({@link CubeTopology#build}) driven by Kafka's {@link TopologyTestDriver} (no broker),
 * over the real S3 server, in a bucket of its own so runs do not see each other's objects.
 */
final class CubeDriver implements AutoCloseable {
    static final int ZOOMS = 4;
    final ObjectStore store;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final CubeTopicNames topics = CubeTopicNames.standard();
    private final Path dir;
    private final TestInputTopic<String, byte[]> raw;
    private final TestOutputTopic<String, byte[]> targets;
    private final TestOutputTopic<String, byte[]> rawDlq;
    private final TestOutputTopic<String, byte[]> framesDlq;
    private final TestOutputTopic<String, byte[]> spectraDlq;
    private final TestInputTopic<String, byte[]> framesIn;
    private final TestInputTopic<String, byte[]> spectraIn;
    private final TestOutputTopic<String, byte[]> frames;
    private final TestOutputTopic<String, byte[]> spectra;
    private final List<TargetUpdated> targetEvents = new ArrayList<>();

    CubeDriver(StackConfig stack, String bucket) {
        this(s3(stack, bucket), CubeTopology.Retry.defaults());
    }

    /** The topology over any store (e.g. {@code InMemoryObjectStore}), with the given in-thread retries. */
    CubeDriver(ObjectStore store, CubeTopology.Retry retry) {
        this(store, retry, false);
    }

    /** @param wholeSegments the linker reads whole image segments on a cache miss, not their cutout windows */
    CubeDriver(ObjectStore store, CubeTopology.Retry retry, boolean wholeSegments) {
        this.store = store;
        store.ensureBucket();
        try {
            dir = Files.createTempDirectory("cube-driver-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CubeMetrics metrics = new CubeMetrics(registry);
        Path scratch = dir.resolve("scratch");
        RecentInputs recent = new RecentInputs(6); // as cube-service wires it
        TargetLinker linker = new TargetLinker(store, ZOOMS, scratch, recent).metrics(metrics); // as cube-service
        if (wholeSegments) {
            linker.wholeSegmentReads();
        }
        var topology = CubeTopology.build(new CubeTopology.Parts(topics,
                new RawFileIngester(store, ZOOMS, scratch, metrics, recent), linker, metrics, "cube-service", 6,
                retry));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cube-driver-" + store.bucket());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        driver = new TopologyTestDriver(topology, p);
        raw = driver.createInputTopic(topics.rawFiles(), new StringSerializer(), new ByteArraySerializer());
        framesIn = driver.createInputTopic(topics.frames(), new StringSerializer(), new ByteArraySerializer());
        spectraIn = driver.createInputTopic(topics.spectra(), new StringSerializer(), new ByteArraySerializer());
        targets = driver.createOutputTopic(topics.targets(), new StringDeserializer(), new ByteArrayDeserializer());
        rawDlq = output(CubeTopicNames.deadLetterOf(topics.rawFiles()));
        framesDlq = output(CubeTopicNames.deadLetterOf(topics.frames()));
        spectraDlq = output(CubeTopicNames.deadLetterOf(topics.spectra()));
        frames = output(topics.frames());
        spectra = output(topics.spectra());
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static ObjectStore s3(StackConfig stack, String bucket) {
        ObjectStoreConfig c = stack.objectStore();
        return new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(), bucket,
                c.region()));
    }

    RawFileStored stage(String name) {
        return SampleRawFiles.stage(store, "raw/", name);
    }

    void send(RawFileStored claim) {
        raw.pipeInput(claim.fileId(), Topics.RAW_FILES.encode(claim));
    }

    void sendBytes(String key, byte[] value) {
        raw.pipeInput(key, value);
    }

    /** Every target event so far, in order. */
    List<TargetUpdated> targetEvents() {
        targets.readValuesToList().forEach(v -> targetEvents.add(Topics.TARGETS.decode(v)));
        return List.copyOf(targetEvents);
    }

    List<EventDeadLettered> rawDeadLetters() {
        return letters(rawDlq);
    }

    /** Dead letters of the frames and spectra topics (the link step's refusals). */
    List<EventDeadLettered> segmentDeadLetters() {
        List<EventDeadLettered> l = new ArrayList<>(letters(framesDlq));
        l.addAll(letters(spectraDlq));
        return l;
    }

    private static List<EventDeadLettered> letters(TestOutputTopic<String, byte[]> t) {
        return t.readValuesToList().stream().map(v -> Topics.DEAD_LETTER_SERDE.fromBytes("dlq", v)).toList();
    }

    int framesAnnounced() {
        return frames.readValuesToList().size();
    }

    int spectraAnnounced() {
        return spectra.readValuesToList().size();
    }

    /** The segment events announced since the last call, frames then spectra, as (key, value) pairs. */
    List<org.apache.kafka.streams.KeyValue<String, byte[]>> announcedFrames() {
        return frames.readKeyValuesToList();
    }

    List<org.apache.kafka.streams.KeyValue<String, byte[]>> announcedSpectra() {
        return spectra.readKeyValuesToList();
    }

    /** Puts a segment event on the frames topic, as the ingest step would. */
    void sendFrameEvent(String key, byte[] value) {
        framesIn.pipeInput(key, value);
    }

    void sendSpectrumEvent(String key, byte[] value) {
        spectraIn.pipeInput(key, value);
    }

    CubeQueries queries() {
        return new CubeQueries(new CubeQueries.Stores() {
            @Override
            public ReadOnlyKeyValueStore<String, IngestedFile> ingested() {
                return driver.getKeyValueStore(CubeTopology.INGESTED_STORE);
            }

            @Override
            public ReadOnlyKeyValueStore<Long, CellContents.Spectra> cellSpectra() {
                return driver.getKeyValueStore(CubeTopology.CELL_SPECTRA_STORE);
            }

            @Override
            public ReadOnlyKeyValueStore<Long, TargetState> targets() {
                return driver.getKeyValueStore(CubeTopology.TARGETS_STORE);
            }
        });
    }

    /** The target held by a target file of this run's bucket. */
    Target readTarget(String key) {
        return readTarget(store, key, dir);
    }

    static Target readTarget(ObjectStore store, String key, Path dir) {
        try {
            Path tmp = Files.createTempFile(dir, "t-", ".h5");
            try (InputStream in = store.get(key)) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<Target> l = CubeExportReader.read(tmp).targets();
            Files.delete(tmp);
            if (l.size() != 1) {
                throw new IllegalStateException(key + " holds " + l.size() + " targets");
            }
            return l.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] objectBytes(String key) {
        return store.getBytes(key);
    }

    @Override
    public void close() {
        driver.close();
        store.close();
    }
}
