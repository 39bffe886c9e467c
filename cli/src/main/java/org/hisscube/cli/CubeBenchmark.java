package org.hisscube.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.cube.streams.CubeKeys;
import org.hisscube.cube.streams.CubeMetrics;
import org.hisscube.cube.streams.CubeStreamsConfig;
import org.hisscube.cube.streams.CubeTopicNames;
import org.hisscube.cube.streams.CubeTopology;
import org.hisscube.cube.streams.RawFileIngester;
import org.hisscube.cube.streams.TargetLinker;
import org.hisscube.localstack.LocalStack;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.cube.CubeExportWriter;
import org.hisscube.science.cube.FramePyramid;
import org.hisscube.science.cube.TargetBuilder;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.hdf5.SpectrumSegmentWriter;
import org.hisscube.science.ingest.FrameIngest;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.science.spectrum.SpectrumRebinner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube bench cube}: the F-star field (5 frames, 3 spectra) through the cube topology on a real broker and
 * S3 server (Kafka Streams, exactly_once_v2), next to the same work done by the science core in-process, in the same
 * run. Each round is a fresh cube (own topics, bucket, application id) started before the clock runs.
 *
 * <ol>
 *   <li>frames: 5 claim checks sent → 5 {@code FrameIngested} committed (read, calibrate, σ, 4 zooms, image segment
 *       written to S3) vs {@link FrameIngest} on the same files;</li>
 *   <li>spectra: 3 claim checks sent → the {@code TargetUpdated} with all three (each spectrum: segment, then the
 *       target rebuilt from the 5 image segments and written) vs the same steps in-process.</li>
 * </ol>
 */
@Command(name = "cube", mixinStandardHelpOptions = true,
        description = "Frames/s and spectra/s through the cube topology (raw event → target event) vs the science core.")
final class CubeBenchmark implements Callable<Integer> {
    private static final List<String> FRAMES = List.of("frame-u-002820-3-0122.fits.bz2",
            "frame-g-002820-3-0122.fits.bz2", "frame-r-002820-3-0122.fits.bz2", "frame-i-002820-3-0122.fits.bz2",
            "frame-z-002820-3-0122.fits.bz2");
    private static final List<String> SPECTRA = List.of("spec-3126-54804-0211.fits", "spec-3127-54835-0622.fits",
            "spec-7330-56684-0434.fits");
    private static final int ZOOMS = 4;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds (after one warm-up round).")
    int rounds;

    /** Seconds of one round: the frames phase and the spectra (→ target) phase. */
    record Round(double frames, double spectra) {
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("--rounds must be 1..20, not " + rounds);
        }
        PrintStream out = System.out;
        Path sample = RepoLayout.root().resolve("data/sdss-sample");
        Path work = Files.createTempDirectory("hisscube-bench-cube-");
        out.printf(Locale.ROOT, "hisscube bench cube: %d frames + %d spectra of the F-star field, %d timed round(s) "
                + "after a warm-up, max heap %d MB, %d cores%n", FRAMES.size(), SPECTRA.size(), rounds,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        try {
            out.println("[1/3] science core in-process (read, calibrate, pyramid, segments, target from segments)");
            List<Round> science = new ArrayList<>();
            for (int r = 0; r <= rounds; r++) {
                Round one = scienceRound(sample, work.resolve("science-" + r));
                if (r > 0) {
                    science.add(one);
                }
                out.printf(Locale.ROOT, "      %s frames %.2f s, spectra→target %.2f s%n",
                        r == 0 ? "warm-up" : "round " + r, one.frames(), one.spectra());
            }
            out.println("[2/3] starting Kafka (KRaft) and the S3 server as processes");
            try (LocalStack stack = LocalStack.start(work.resolve("stack"), null)) {
                out.println("[3/3] through the cube topology (Kafka Streams, exactly_once_v2, real broker and S3)");
                List<Round> streamed = new ArrayList<>();
                for (int r = 0; r <= rounds; r++) {
                    Round one = streamRound(stack, sample, work.resolve("stream-" + r), "bench" + r);
                    if (r > 0) {
                        streamed.add(one);
                    }
                    out.printf(Locale.ROOT, "      %s frames %.2f s, spectra→target %.2f s%n",
                            r == 0 ? "warm-up" : "round " + r, one.frames(), one.spectra());
                }
                report(science, streamed, out);
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    private static void report(List<Round> science, List<Round> streamed, PrintStream out) {
        double sf = mean(science, true);
        double ss = mean(science, false);
        double tf = mean(streamed, true);
        double ts = mean(streamed, false);
        out.println();
        out.println("  per round (mean)               frames s  frames/s  spectra s  spectra/s  files/s");
        out.printf(Locale.ROOT, "  science core, in-process       %8.2f  %8.2f  %9.2f  %9.2f  %7.2f%n", sf,
                FRAMES.size() / sf, ss, SPECTRA.size() / ss, (FRAMES.size() + SPECTRA.size()) / (sf + ss));
        out.printf(Locale.ROOT, "  through the cube topology      %8.2f  %8.2f  %9.2f  %9.2f  %7.2f%n", tf,
                FRAMES.size() / tf, ts, SPECTRA.size() / ts, (FRAMES.size() + SPECTRA.size()) / (tf + ts));
        out.printf(Locale.ROOT, "  streaming-layer overhead: frames %.2f×, spectra→target %.2f×, all %.2f× the "
                + "in-process time (Kafka, S3 transfers, segment read-back, transactions)%n", tf / sf, ts / ss,
                (tf + ts) / (sf + ss));
    }

    private static double mean(List<Round> l, boolean frames) {
        return l.stream().mapToDouble(r -> frames ? r.frames() : r.spectra()).average().orElse(Double.NaN);
    }

    /** The work the topology does, without Kafka or S3: segments on local disk, the target rebuilt per spectrum. */
    private static Round scienceRound(Path sample, Path dir) throws IOException {
        Files.createDirectories(dir);
        FrameIngest ingest = new FrameIngest(new SdssFrameReader(), new FrameCalibrator(), ZOOMS);
        long t0 = System.nanoTime();
        List<Path> segments = new ArrayList<>();
        for (String f : FRAMES) {
            Path seg = dir.resolve(CubeKeys.baseName(f) + ".h5");
            ingest.ingest(sample.resolve("frames").resolve(f), seg);
            segments.add(seg);
        }
        long t1 = System.nanoTime();
        SpectrumReader reader = new SpectrumReader();
        List<SdssSpectrum> spectra = new ArrayList<>();
        List<FramePyramid> pyramids = new ArrayList<>();
        for (Path seg : segments) {
            pyramids.add(FramePyramid.fromSegment(seg, ZOOMS));
        }
        for (String s : SPECTRA) {
            SdssSpectrum sp = reader.read(sample.resolve("spectra").resolve(s));
            SpectrumSegmentWriter.write(dir.resolve(CubeKeys.baseName(s) + ".h5"), sp,
                    SpectrumPyramid.build(SpectrumRebinner.toHissGrid(sp), ZOOMS));
            spectra.add(sp);
            var result = new TargetBuilder().build(pyramids, spectra, ZOOMS);
            CubeExportWriter.write(dir.resolve("target-" + spectra.size() + ".h5"), result.targets(), ZOOMS,
                    result.refusals());
        }
        long t2 = System.nanoTime();
        return new Round((t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    private static Round streamRound(LocalStack stack, Path sample, Path dir, String name) throws Exception {
        CubeTopicNames topics = CubeTopicNames.standard().prefixed(name + ".");
        ObjectStoreConfig c = stack.objectStoreConfig();
        try (ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(),
                "cube-" + name, c.region()));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafka().bootstrapServers()))) {
            store.ensureBucket();
            admin.createTopics(topics.newTopics(6)).all().get(60, TimeUnit.SECONDS);
            List<RawFileStored> frames = new ArrayList<>();
            List<RawFileStored> spectra = new ArrayList<>();
            FRAMES.forEach(f -> frames.add(stage(store, sample.resolve("frames").resolve(f))));
            SPECTRA.forEach(s -> spectra.add(stage(store, sample.resolve("spectra").resolve(s))));

            CubeMetrics metrics = new CubeMetrics(new SimpleMeterRegistry());
            Path scratch = dir.resolve("scratch");
            var topology = CubeTopology.build(new CubeTopology.Parts(topics,
                    new RawFileIngester(store, ZOOMS, scratch, metrics), new TargetLinker(store, ZOOMS, scratch, 6),
                    metrics, "cube-service", 6));
            try (KafkaStreams streams = new KafkaStreams(topology, CubeStreamsConfig.properties(
                    stack.kafka().bootstrapServers(), "bench-cube-" + name, dir.resolve("state")));
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
                    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "bench-watch-" + name,
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                            new ByteArrayDeserializer())) {
                streams.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (streams.state() != KafkaStreams.State.RUNNING) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the topology did not start: " + streams.state());
                    }
                    Thread.sleep(100);
                }
                consumer.subscribe(List.of(topics.frames(), topics.targets()));
                long t0 = System.nanoTime();
                for (RawFileStored claim : frames) {
                    producer.send(new ProducerRecord<>(topics.rawFiles(), claim.fileId(),
                            Topics.RAW_FILES.encode(claim)));
                }
                producer.flush();
                int framesSeen = 0;
                while (framesSeen < frames.size()) {
                    framesSeen += (int) count(consumer, topics.frames(), deadline).stream().count();
                }
                long t1 = System.nanoTime();
                for (RawFileStored claim : spectra) {
                    producer.send(new ProducerRecord<>(topics.rawFiles(), claim.fileId(),
                            Topics.RAW_FILES.encode(claim)));
                }
                producer.flush();
                boolean complete = false;
                while (!complete) {
                    for (byte[] v : count(consumer, topics.targets(), deadline)) {
                        TargetUpdated t = Topics.TARGETS.decode(v);
                        complete |= t.spectrumFileIds().size() == SPECTRA.size()
                                && t.frameFileIds().size() == FRAMES.size();
                    }
                }
                long t2 = System.nanoTime();
                return new Round((t1 - t0) / 1e9, (t2 - t1) / 1e9);
            }
        }
    }

    /** Values of {@code topic} in the next poll; fails past the deadline. */
    private static List<byte[]> count(KafkaConsumer<String, byte[]> consumer, String topic, long deadline) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no result within 2 minutes; see the log above");
        }
        List<byte[]> l = new ArrayList<>();
        consumer.poll(Duration.ofMillis(20)).records(topic).forEach(r -> l.add(r.value()));
        return l;
    }

    private static RawFileStored stage(ObjectStore store, Path file) {
        try {
            String name = file.getFileName().toString();
            byte[] bytes = Files.readAllBytes(file);
            String key = "raw/" + SasPaths.forFileName(name);
            store.put(key, bytes, "application/fits", Map.of());
            String sha = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            return RawFileStored.of(CubeKeys.baseName(name), name.startsWith("frame-") ? FileKind.FRAME
                    : FileKind.SPECTRUM, store.bucket(), key, sha, bytes.length, null, Map.of());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot stage " + file, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp folder
        }
    }
}
