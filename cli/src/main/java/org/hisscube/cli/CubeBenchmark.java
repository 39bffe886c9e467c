package org.hisscube.cli;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.SpectrumIngested;
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
import org.hisscube.cube.streams.RecentInputs;
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
 * run. Each round is a fresh cube (own topics, bucket, application id) started before the clock runs. The rounds are
 * interleaved (in-process round 1, topology round 1, in-process round 2, ...) so that each pair sees the same state of
 * a shared machine, and the ratio topology / in-process is given pair by pair (as {@code bench ingest} does).
 *
 * <ol>
 *   <li>frames: 5 claim checks sent → 5 {@code FrameIngested} committed (read, calibrate, σ, 4 zooms, image segment
 *       written to S3, its scratch copy deleted) vs {@link FrameIngest} on the same files;</li>
 *   <li>spectra: 3 claim checks sent → the {@code TargetUpdated} with all three (each spectrum: segment, then the
 *       target rebuilt from the 5 image segments and written) vs the same steps in-process.</li>
 * </ol>
 *
 * The deletion of each segment's scratch file after its upload, which the stream thread pays before the event
 * leaves, is timed inside {@link RawFileIngester} ({@link RawFileIngester#SEGMENT_DELETE_TIMER}) and reported as its
 * own figure.
 */
@Command(name = "cube", mixinStandardHelpOptions = true,
        description = "Frames/s and spectra/s through the cube topology (raw event → target event) vs the science core, "
                + "rounds interleaved, with the ratio round by round and the segment delete timed on its own.")
final class CubeBenchmark implements Callable<Integer> {
    private static final List<String> FRAMES = List.of("frame-u-002820-3-0122.fits.bz2",
            "frame-g-002820-3-0122.fits.bz2", "frame-r-002820-3-0122.fits.bz2", "frame-i-002820-3-0122.fits.bz2",
            "frame-z-002820-3-0122.fits.bz2");
    private static final List<String> SPECTRA = List.of("spec-3126-54804-0211.fits", "spec-3127-54835-0622.fits",
            "spec-7330-56684-0434.fits");
    private static final int ZOOMS = 4;
    private static final String STREAM_THREADS = CubeStreamsConfig.settings()
            .getOrDefault(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds of each path, interleaved (after one "
            + "warm-up round of each); default 3.")
    int rounds;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    /** Segment deletions in one topology round: total seconds and count, by kind (none in-process). */
    record Deletes(double frameSeconds, long frames, double spectrumSeconds, long spectra) {
        static final Deletes NONE = new Deletes(0, 0, 0, 0);

        double seconds() {
            return frameSeconds + spectrumSeconds;
        }
    }

    /**
     * Seconds of one round: the frames phase and the spectra (→ target) phase; the segment deletes within them; per
     * spectrum, the seconds from the start of the spectra phase (all three sent at once) to the first target that
     * holds it.
     */
    record Round(double frames, double spectra, Deletes deletes, Map<String, Double> frameStages,
            List<Double> spectrumLatencies, Map<String, Double> linkStages, ColdLinks cold) {
        double all() {
            return frames + spectra;
        }
    }

    /**
     * The F star's target linked again, after the round, by linkers with empty recent inputs (a replica that did not
     * ingest the files), in turn reading whole image segments, the cutout windows by one range request per array and
     * zoom, and the cutout windows with near spans merged ({@link org.hisscube.science.hdf5.ImageSegmentLayout#MAX_GAP_BYTES}).
     */
    record ColdLinks(ColdMode whole, ColdMode separate, ColdMode windows) {
        static final ColdLinks NONE = new ColdLinks(ColdMode.NONE, ColdMode.NONE, ColdMode.NONE);
    }

    /** One way of linking cold: seconds of each link, seconds reading the frames, bytes and requests of the last. */
    record ColdMode(List<Double> seconds, List<Double> readFrames, long bytes, long requests) {
        static final ColdMode NONE = new ColdMode(List.of(), List.of(), 0, 0);

        ColdMode plus(double s, double frames, long b, long r) {
            List<Double> l = new ArrayList<>(seconds);
            l.add(s);
            List<Double> f = new ArrayList<>(readFrames);
            f.add(frames);
            return new ColdMode(l, f, b, r);
        }
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
            out.println("[1/3] starting Kafka (KRaft) and the S3 server as processes");
            try (LocalStack stack = LocalStack.start(work.resolve("stack"), null)) {
                out.println("[2/3] warm-up: science core in-process, then through the cube topology");
                print(out, "warm-up", "in-process", scienceRound(sample, work.resolve("science-0")), null);
                print(out, "warm-up", "topology", streamRound(stack, sample, work.resolve("stream-0"), "bench0"),
                        null);
                out.println("[3/3] rounds interleaved: science core in-process (read, calibrate, pyramid, segments "
                        + "on local disk, target from segments), then the cube topology (Kafka Streams, "
                        + "exactly_once_v2, " + STREAM_THREADS + " stream thread(s), commit every "
                        + CubeStreamsConfig.settings().get(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)
                        + " ms, real broker and S3)");
                List<Round> science = new ArrayList<>();
                List<Round> streamed = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    Round inProcess = scienceRound(sample, work.resolve("science-" + r));
                    science.add(inProcess);
                    print(out, "round " + r, "in-process", inProcess, null);
                    Round topology = streamRound(stack, sample, work.resolve("stream-" + r), "bench" + r);
                    streamed.add(topology);
                    print(out, "round " + r, "topology", topology, inProcess);
                    deleteTree(work.resolve("science-" + r));
                }
                Map<String, Object> figures = report(science, streamed, out);
                if (json != null) {
                    Files.writeString(json, JsonOut.format(figures));
                    out.println("  figures written to " + json);
                }
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    private static void print(PrintStream out, String round, String path, Round one, Round inProcess) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "      %-8s %-10s frames %.2f s, "
                + "spectra→target %.2f s", round, path, one.frames(), one.spectra()));
        if (!path.equals("in-process")) {
            line.append(String.format(Locale.ROOT, ", segment delete %.1f ms (%d files)",
                    one.deletes().seconds() * 1e3, one.deletes().frames() + one.deletes().spectra()));
        }
        if (inProcess != null) {
            line.append(String.format(Locale.ROOT, "; topology / in-process %.2f×", one.all() / inProcess.all()));
        }
        out.println(line);
    }

    private static Map<String, Object> report(List<Round> science, List<Round> streamed, PrintStream out) {
        double sf = mean(science, Round::frames);
        double ss = mean(science, Round::spectra);
        double tf = mean(streamed, Round::frames);
        double ts = mean(streamed, Round::spectra);
        double df = mean(streamed, r -> r.deletes().frameSeconds());
        double ds = mean(streamed, r -> r.deletes().spectrumSeconds());
        double nf = mean(streamed, r -> r.deletes().frames());
        double ns = mean(streamed, r -> r.deletes().spectra());
        int n = science.size();
        double[] frameRatios = new double[n];
        double[] spectrumRatios = new double[n];
        double[] allRatios = new double[n];
        for (int i = 0; i < n; i++) {
            frameRatios[i] = streamed.get(i).frames() / science.get(i).frames();
            spectrumRatios[i] = streamed.get(i).spectra() / science.get(i).spectra();
            allRatios[i] = streamed.get(i).all() / science.get(i).all();
        }
        var frames = new BenchCommand.Ingest.Rounds(frameRatios);
        var spectra = new BenchCommand.Ingest.Rounds(spectrumRatios);
        var all = new BenchCommand.Ingest.Rounds(allRatios);

        out.println();
        out.println("  per round (mean)               frames s  frames/s  spectra s  spectra/s  files/s");
        out.printf(Locale.ROOT, "  science core, in-process       %8.2f  %8.2f  %9.2f  %9.2f  %7.2f%n", sf,
                FRAMES.size() / sf, ss, SPECTRA.size() / ss, (FRAMES.size() + SPECTRA.size()) / (sf + ss));
        out.printf(Locale.ROOT, "  through the cube topology      %8.2f  %8.2f  %9.2f  %9.2f  %7.2f%n", tf,
                FRAMES.size() / tf, ts, SPECTRA.size() / ts, (FRAMES.size() + SPECTRA.size()) / (tf + ts));
        out.printf(Locale.ROOT, "    of which segment delete      %8.3f            %9.3f%n", df, ds);
        out.printf(Locale.ROOT, "  streaming-layer overhead: frames %.2f×, spectra→target %.2f×, all %.2f× the "
                + "in-process time (Kafka, S3 transfers, segment read-back, transactions)%n", tf / sf, ts / ss,
                (tf + ts) / (sf + ss));
        out.println();
        StringBuilder head = new StringBuilder("  topology / in-process, round by round (paired)");
        for (int i = 1; i <= n; i++) {
            head.append(String.format(Locale.ROOT, "  round %-2d", i));
        }
        out.println(head.append("    best  median   worst"));
        ratioRow(out, "frames                                        ", frames);
        ratioRow(out, "spectra→target                                ", spectra);
        ratioRow(out, "all                                           ", all);
        out.printf(Locale.ROOT, "  segment delete (scratch copy of each segment, deleted by the stream thread after "
                + "its upload, before the event): %.1f ms per round, %.2f ms per image segment, %.2f ms per spectrum "
                + "segment, %.2f %% of the topology's time%n", (df + ds) * 1e3, nf == 0 ? Double.NaN : df / nf * 1e3,
                ns == 0 ? Double.NaN : ds / ns * 1e3, 100 * (df + ds) / (tf + ts));

        // where a frame's time in the topology goes: the ingester's stages, the delete, and the rest (Kafka: the
        // claim check's poll, the event's send and the transaction commit; Streams' own work; waiting)
        Map<String, Double> stageMs = new LinkedHashMap<>();
        for (String stage : FRAME_STAGES) {
            double sum = 0;
            for (Round r : streamed) {
                sum += r.frameStages().getOrDefault(stage, 0.0);
            }
            stageMs.put(stage, sum / n / FRAMES.size() * 1e3);
        }
        double perFrameMs = tf / FRAMES.size() * 1e3;
        double deleteMs = nf == 0 ? 0 : df / FRAMES.size() * 1e3;
        double staged = stageMs.values().stream().mapToDouble(Double::doubleValue).sum() + deleteMs;
        stageMs.put("segment_delete", deleteMs);
        // with several stream threads the stages of different frames overlap: their busy times add up to more than
        // the wall time, and what is left (Kafka's share) cannot be told apart
        boolean overlapped = staged > perFrameMs;
        stageMs.put("rest", overlapped ? null : perFrameMs - staged);
        StringBuilder stages = new StringBuilder(String.format(Locale.ROOT,
                "  a frame through the topology, %.0f ms of wall time (mean): ", perFrameMs));
        stageMs.forEach((k, v) -> stages.append(v == null ? "" : String.format(Locale.ROOT, "%s %.0f, ",
                k.replace('_', ' '), v)));
        out.println(stages.substring(0, stages.length() - 2) + " ms" + (overlapped ? String.format(Locale.ROOT,
                " of busy time: %.0f ms in all, more than the wall time, because %s stream threads work on "
                + "frames at once", staged, STREAM_THREADS) : ""));
        out.printf(Locale.ROOT, "  (%sin-process a frame takes %.0f ms)%n", overlapped ? "" : "rest: the claim check's "
                + "poll, the event's send, the transaction commit, Kafka Streams' own work and waiting; ",
                sf / FRAMES.size() * 1e3);

        // where linking's time goes: a target built from 5 image pyramids (recent frames or segments read back) and
        // its spectra, then written to the store
        Map<String, Double> link = new LinkedHashMap<>();
        for (Round r : streamed) {
            r.linkStages().forEach((k, v) -> link.merge(k, v, Double::sum));
        }
        double links = link.getOrDefault("links", 0.0);
        Map<String, Object> linkMs = new LinkedHashMap<>();
        linkMs.put("links", links);
        StringBuilder linkLine = new StringBuilder(String.format(Locale.ROOT,
                "  a target linked in the topology (%.0f links): ", links));
        for (String stage : LINK_STAGES) {
            double ms = links == 0 ? Double.NaN : link.getOrDefault(stage, 0.0) / links * 1e3;
            linkMs.put(stage, ms);
            linkLine.append(String.format(Locale.ROOT, "%s %.0f, ", stage.replace('_', ' '), ms));
        }
        linkMs.put("frames_from_cache", link.getOrDefault("frames_from_cache", 0.0));
        linkMs.put("frames_from_window", link.getOrDefault("frames_from_window", 0.0));
        linkMs.put("frames_from_store", link.getOrDefault("frames_from_store", 0.0));
        linkMs.put("spectra_from_cache", link.getOrDefault("spectra_from_cache", 0.0));
        linkMs.put("spectra_from_store", link.getOrDefault("spectra_from_store", 0.0));
        out.println(linkLine.substring(0, linkLine.length() - 2) + String.format(Locale.ROOT,
                " ms; frame pyramids from recent frames %.0f, cutout windows read from their segments %.0f, whole "
                + "segments read back %.0f; spectra kept by the ingester %.0f, raw spectra read back %.0f",
                link.getOrDefault("frames_from_cache", 0.0), link.getOrDefault("frames_from_window", 0.0),
                link.getOrDefault("frames_from_store", 0.0), link.getOrDefault("spectra_from_cache", 0.0),
                link.getOrDefault("spectra_from_store", 0.0)));

        // the same target linked on a replica that did not ingest the files: whole segments vs cutout windows
        Map<String, Object> cold = new LinkedHashMap<>();
        Map<String, double[]> modes = new LinkedHashMap<>(); // mode → {s mean, MB per link, frames ms, requests}
        for (var m : List.<Map.Entry<String, java.util.function.Function<ColdLinks, ColdMode>>>of(
                Map.entry("whole_segments", ColdLinks::whole), Map.entry("cutout_windows_separate",
                        ColdLinks::separate), Map.entry("cutout_windows", ColdLinks::windows))) {
            List<Double> each = streamed.stream().flatMap(r -> m.getValue().apply(r.cold()).seconds().stream())
                    .toList();
            double mean = each.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double mb = streamed.stream().mapToLong(r -> m.getValue().apply(r.cold()).bytes()).average()
                    .orElse(Double.NaN) / 1e6;
            double framesMs = streamed.stream().flatMap(r -> m.getValue().apply(r.cold()).readFrames().stream())
                    .mapToDouble(Double::doubleValue).average().orElse(Double.NaN) * 1e3;
            double requests = streamed.stream().mapToLong(r -> m.getValue().apply(r.cold()).requests()).average()
                    .orElse(Double.NaN);
            modes.put(m.getKey(), new double[] {mean, mb, framesMs, requests});
            cold.putIfAbsent("links_per_mode", each.size());
            cold.put(m.getKey() + "_s_mean", mean);
            cold.put(m.getKey() + "_mb_per_link", mb);
            cold.put(m.getKey() + "_read_frames_ms_mean", framesMs);
            cold.put(m.getKey() + "_requests_per_link", requests);
            cold.put(m.getKey() + "_s_each", each);
        }
        double[] wh = modes.get("whole_segments");
        double[] sep = modes.get("cutout_windows_separate");
        double[] win = modes.get("cutout_windows");
        out.printf(Locale.ROOT, "  the F star's target linked on a replica that did not ingest its files (empty "
                + "recent inputs; %d links per mode, in turn):%n", cold.get("links_per_mode"));
        out.println("    mode                                   link s   frames ms   MB read   store requests");
        for (var e : List.of(Map.entry("whole image segments", wh), Map.entry("cutout windows, a request per array",
                sep), Map.entry("cutout windows, near spans merged", win))) {
            out.printf(Locale.ROOT, "    %-36s %8.3f %11.0f %9.2f %16.0f%n", e.getKey(), e.getValue()[0],
                    e.getValue()[2], e.getValue()[1], e.getValue()[3]);
        }
        out.printf(Locale.ROOT, "    windows against whole segments: the link %.1f× faster, the frames %.1f× faster, %.0f× "
                + "fewer bytes; merged against a request per array: frames %.2f× the time, %.0f instead of %.0f "
                + "requests%n", wh[0] / win[0], wh[2] / win[2], wh[1] / win[1], win[2] / sep[2], win[3], sep[3]);

        // each spectrum's latency, claim check sent → first target holding it (nearest-rank percentiles over all rounds)
        Map<String, Object> latencyFigures = new LinkedHashMap<>();
        out.println("  spectrum → target latency over all rounds (s)   n     p50     p95     max");
        for (var path : List.of(Map.entry("in_process", science), Map.entry("topology", streamed))) {
            double[] l = path.getValue().stream().flatMap(r -> r.spectrumLatencies().stream())
                    .mapToDouble(Double::doubleValue).sorted().toArray();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", l.length);
            m.put("p50", percentile(l, 50));
            m.put("p95", percentile(l, 95));
            m.put("max", l.length == 0 ? Double.NaN : l[l.length - 1]);
            latencyFigures.put(path.getKey(), m);
            out.printf(Locale.ROOT, "  %-46s %3d  %6.3f  %6.3f  %6.3f%n", path.getKey().equals("topology")
                    ? "through the cube topology" : "science core, in-process", l.length, m.get("p50"), m.get("p95"),
                    m.get("max"));
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("spectrum_latency_s", latencyFigures);
        figures.put("topology_frame_stages_ms", stageMs);
        figures.put("topology_link_stages_ms", linkMs);
        figures.put("cold_link", cold);
        figures.put("frames", FRAMES.size());
        figures.put("spectra", SPECTRA.size());
        figures.put("rounds", n);
        figures.put("in_process", pathFigures(science, sf, ss));
        Map<String, Object> topology = pathFigures(streamed, tf, ts);
        figures.put("topology", topology);
        Map<String, Object> delete = new LinkedHashMap<>();
        delete.put("s_per_round_mean", df + ds);
        delete.put("frames_s_per_round_mean", df);
        delete.put("spectra_s_per_round_mean", ds);
        delete.put("ms_per_image_segment", nf == 0 ? null : df / nf * 1e3);
        delete.put("ms_per_spectrum_segment", ns == 0 ? null : ds / ns * 1e3);
        delete.put("share_of_topology_time", (df + ds) / (tf + ts));
        delete.put("s_each_round", streamed.stream().map(r -> r.deletes().seconds()).toList());
        delete.put("files_each_round", streamed.stream().map(r -> r.deletes().frames() + r.deletes().spectra())
                .toList());
        figures.put("segment_delete", delete);
        figures.put("overhead_frames_mean", tf / sf);
        figures.put("overhead_spectra_mean", ts / ss);
        figures.put("overhead_all_mean", (tf + ts) / (sf + ss));
        figures.put("ratio_frames_paired", ratioFigures(frames));
        figures.put("ratio_spectra_paired", ratioFigures(spectra));
        figures.put("ratio_all_paired", ratioFigures(all));
        figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        return figures;
    }

    private static void ratioRow(PrintStream out, String label, BenchCommand.Ingest.Rounds r) {
        StringBuilder line = new StringBuilder("  " + label);
        for (double v : r.seconds()) {
            line.append(String.format(Locale.ROOT, "  %8.2f", v));
        }
        out.println(line.append(String.format(Locale.ROOT, "  %6.2f  %6.2f  %6.2f", r.best(), r.median(),
                r.worst())));
    }

    private static Map<String, Object> pathFigures(List<Round> l, double frames, double spectra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames_s_per_round_mean", frames);
        m.put("frames_per_s", FRAMES.size() / frames);
        m.put("spectra_s_per_round_mean", spectra);
        m.put("spectra_per_s", SPECTRA.size() / spectra);
        m.put("files_per_s", (FRAMES.size() + SPECTRA.size()) / (frames + spectra));
        m.put("frames_s_each_round", l.stream().map(Round::frames).toList());
        m.put("spectra_s_each_round", l.stream().map(Round::spectra).toList());
        return m;
    }

    private static Map<String, Object> ratioFigures(BenchCommand.Ingest.Rounds r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("each_round", java.util.Arrays.stream(r.seconds()).boxed().toList());
        m.put("best", r.best());
        m.put("median", r.median());
        m.put("worst", r.worst());
        return m;
    }

    /** Nearest-rank percentile of sorted values (NaN when there are none). */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double mean(List<Round> l, java.util.function.ToDoubleFunction<Round> f) {
        return l.stream().mapToDouble(f).average().orElse(Double.NaN);
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
        List<Double> latencies = new ArrayList<>();
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
            latencies.add((System.nanoTime() - t1) / 1e9);
        }
        long t2 = System.nanoTime();
        return new Round((t1 - t0) / 1e9, (t2 - t1) / 1e9, Deletes.NONE, Map.of(), latencies, Map.of(),
                ColdLinks.NONE);
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
            RecentInputs recent = new RecentInputs(6);
            var topology = CubeTopology.build(new CubeTopology.Parts(topics,
                    new RawFileIngester(store, ZOOMS, scratch, metrics, recent),
                    new TargetLinker(store, ZOOMS, scratch, recent).metrics(metrics),
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
                Map<String, Double> latency = new LinkedHashMap<>();
                while (!complete) {
                    for (byte[] v : count(consumer, topics.targets(), deadline)) {
                        TargetUpdated t = Topics.TARGETS.decode(v);
                        double seconds = (System.nanoTime() - t1) / 1e9;
                        t.spectrumFileIds().forEach(id -> latency.putIfAbsent(id, seconds));
                        complete |= t.spectrumFileIds().size() == SPECTRA.size()
                                && t.frameFileIds().size() == FRAMES.size();
                    }
                }
                long t2 = System.nanoTime();
                Map<String, Double> linkStages = linkStages(metrics);
                return new Round((t1 - t0) / 1e9, (t2 - t1) / 1e9, deletes(metrics), frameStages(metrics),
                        List.copyOf(latency.values()), linkStages, coldLinks(stack, store, topics, name,
                                dir.resolve("cold")));
            }
        }
    }

    /** Links per mode in {@link ColdLinks}, the three modes in turn. */
    static final int COLD_LINKS = 2;

    private static ColdLinks coldLinks(LocalStack stack, ObjectStore store, CubeTopicNames topics, String name,
            Path scratch) throws Exception {
        List<FrameIngested> frames = new ArrayList<>();
        List<SpectrumIngested> spectra = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-cold-" + name,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.frames(), topics.spectra()));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (frames.size() < FRAMES.size() || spectra.size() < SPECTRA.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the round's frame and spectrum events were not read back");
                }
                consumer.poll(Duration.ofMillis(50)).forEach(r -> {
                    if (r.topic().equals(topics.frames())) {
                        frames.add(Topics.FRAMES.decode(r.value()));
                    } else {
                        spectra.add(Topics.SPECTRA.decode(r.value()));
                    }
                });
            }
        }
        AtomicLong bytes = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        ObjectStore counted = countingReads(store, bytes, requests);
        ColdMode[] modes = {ColdMode.NONE, ColdMode.NONE, ColdMode.NONE};
        for (int i = 0; i < 3 * COLD_LINKS; i++) {
            int mode = i % 3; // whole segments, windows a request per array, windows merged
            CubeMetrics metrics = new CubeMetrics(new SimpleMeterRegistry());
            TargetLinker linker = new TargetLinker(counted, ZOOMS, scratch, new RecentInputs(6)).metrics(metrics);
            if (mode == 0) {
                linker.wholeSegmentReads();
            } else if (mode == 1) {
                linker.separateRangeRequests();
            }
            long b0 = bytes.get();
            long r0 = requests.get();
            long t0 = System.nanoTime();
            TargetLinker.Outcome o = linker.link(spectra.get(0).healpix15(), spectra, frames, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (o.event() == null) {
                throw new IllegalStateException("the F star's target was not linked again: " + o.state().reasons());
            }
            modes[mode] = modes[mode].plus(seconds, linkStages(metrics).get("read_frames"), bytes.get() - b0,
                    requests.get() - r0);
        }
        return new ColdLinks(modes[0], modes[1], modes[2]);
    }

    /** The store, counting the bytes its reads return (whole objects, streams and ranges). */
    private static ObjectStore countingReads(ObjectStore store, AtomicLong bytes, AtomicLong requests) {
        return (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(ObjectStore.class.getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    if (Set.of("get", "getBytes", "getRange", "stat").contains(method.getName())) {
                        requests.incrementAndGet();
                    }
                    Object r;
                    try {
                        r = method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (r instanceof byte[] b) {
                        bytes.addAndGet(b.length);
                    } else if (r instanceof java.io.InputStream in) {
                        return new java.io.FilterInputStream(in) {
                            @Override
                            public int read() throws IOException {
                                int c = super.read();
                                bytes.addAndGet(c < 0 ? 0 : 1);
                                return c;
                            }

                            @Override
                            public int read(byte[] buf, int off, int len) throws IOException {
                                int n = super.read(buf, off, len);
                                bytes.addAndGet(Math.max(n, 0));
                                return n;
                            }
                        };
                    }
                    return r;
                });
    }

    /** Seconds of each ingest stage of this round's frames, as the ingester timed them (CubeMetrics.STAGE_TIMER). */
    private static Map<String, Double> frameStages(CubeMetrics metrics) {
        Map<String, Double> stages = new LinkedHashMap<>();
        for (String stage : FRAME_STAGES) {
            stages.put(stage, 0.0);
        }
        for (Timer t : metrics.registry().find(CubeMetrics.STAGE_TIMER).tag("kind", "frame").timers()) {
            stages.merge(t.getId().getTag("stage"), t.totalTime(TimeUnit.NANOSECONDS) / 1e9, Double::sum);
        }
        return stages;
    }

    static final List<String> FRAME_STAGES = List.of("read_decode", "calibrate", "pyramid", "write_local", "upload");

    static final List<String> LINK_STAGES = List.of("read_frames", "read_spectra", "build", "write_target");

    /**
     * Seconds of each linking stage of this round (the linker's timers, kind "link") with, under {@code links}, the
     * targets built and, under {@code frames_from_*} / {@code spectra_from_*}, where their pyramids and spectra came from.
     */
    private static Map<String, Double> linkStages(CubeMetrics metrics) {
        Map<String, Double> stages = new LinkedHashMap<>();
        for (String stage : LINK_STAGES) {
            stages.put(stage, 0.0);
        }
        double links = 0;
        for (Timer t : metrics.registry().find(CubeMetrics.STAGE_TIMER).tag("kind", "link").timers()) {
            stages.merge(t.getId().getTag("stage"), t.totalTime(TimeUnit.NANOSECONDS) / 1e9, Double::sum);
            if ("write_target".equals(t.getId().getTag("stage"))) {
                links = t.count();
            }
        }
        stages.put("links", links);
        for (String source : List.of("cache", "window", "store")) {
            var c = metrics.registry().find("hisscube.cube.link_frame_reads").tag("source", source).counter();
            stages.put("frames_from_" + source, c == null ? 0 : c.count());
        }
        for (String source : List.of("cache", "store")) {
            var c = metrics.registry().find("hisscube.cube.link_spectrum_reads").tag("source", source).counter();
            stages.put("spectra_from_" + source, c == null ? 0 : c.count());
        }
        return stages;
    }

    /** The segment deletes the ingester timed in this round's cube (every one happened before its event). */
    private static Deletes deletes(CubeMetrics metrics) {
        double[] seconds = new double[2];
        long[] count = new long[2];
        for (Timer t : metrics.registry().find(RawFileIngester.SEGMENT_DELETE_TIMER).timers()) {
            int i = "frame".equals(t.getId().getTag("kind")) ? 0 : 1;
            seconds[i] += t.totalTime(TimeUnit.NANOSECONDS) / 1e9;
            count[i] += t.count();
        }
        return new Deletes(seconds[0], count[0], seconds[1], count[1]);
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
