package org.hisscube.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hisscube.science.fits.Bzip2InputStream;
import org.hisscube.science.fits.ParallelBzip2;
import org.hisscube.science.ingest.FrameIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube bench ingest}: the science-core ingest (decompress, read, calibrate, σ, four zooms, HDF5 image
 * segment) on real frames, next to the machine's native {@code bunzip2} on the same files, all in one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Ingest.class, FetchBenchmark.class, CubeBenchmark.class,
                FeaturesBenchmark.class, TrainBenchmark.class})
final class BenchCommand {

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Frames/s of the frame ingest from .fits.bz2 and from decompressed FITS on one core, "
                    + "pipelined on two cores, next to native bunzip2 on the same files.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--frames", description = "folder with frame-*.fits.bz2 (default: the bundled field "
                + "2820-3-0122 in five bands)")
        Path framesDir;

        @Option(names = "--rounds", defaultValue = "5", description = "timed passes over the files (default 5); the "
                + "table gives the best and the median pass")
        int rounds;

        @Option(names = "--json", description = "also write the figures to this JSON file")
        Path json;

        @Option(names = "--fits-only", description = "only the one-core pass from decompressed FITS, with its "
                + "phases (a quick check of the science core; no bunzip2, .bz2 or two-core passes)")
        boolean fitsOnly;

        @Override
        public Integer call() throws Exception {
            List<Path> frames = frames();
            Path work = Files.createTempDirectory("hisscube-bench-");
            try {
                return run(frames, work);
            } finally {
                try (Stream<Path> s = Files.walk(work)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        private int run(List<Path> frames, Path work) throws Exception {
            var out = System.out;
            out.printf(Locale.ROOT, "hisscube bench ingest: %d frames, %d timed rounds, max heap %d MB, %d cores%n",
                    frames.size(), rounds, Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors());
            frames.forEach(f -> out.println("  " + f));

            out.println("[1/5] decompressed copies of the files for the FITS pass");
            List<Path> fits = new ArrayList<>();
            for (Path f : frames) {
                Path target = work.resolve(f.getFileName().toString().replaceFirst("\\.bz2$", ""));
                fits.add(target);
                try (InputStream in = new Bzip2InputStream(Files.newInputStream(f))) {
                    Files.copy(in, target);
                }
            }

            FrameIngest ingest = new FrameIngest();
            Segments segment = new Segments(work.resolve("segments"));
            // The JIT compiles a method called once per frame only after several frames: warm up on every file,
            // from .bz2 once (the .bz2 passes then warm the FITS pass further) or, for --fits-only, three times.
            out.println("[2/5] warm-up (JIT) over every file" + (fitsOnly ? ", three times" : " once"));
            for (int pass = 0; pass < (fitsOnly ? 3 : 1); pass++) {
                for (Path f : fitsOnly ? fits : frames) {
                    ingest.ingest(f, segment.next());
                }
                segment.clear();
            }
            resetPeaks();
            if (fitsOnly) {
                return fitsOnly(fits, ingest, segment);
            }

            // Paired: each frame is ingested right after native bunzip2 decompressed the same file, and each pass on
            // one core is followed by the same frames on two cores, so that what is compared sees the same state of
            // this shared machine (its speed drifts by tens of percent over minutes).
            out.println("[3/5] from .fits.bz2: each frame right after native bunzip2 on the same file, decoded "
                    + "sequentially (one core), then by its blocks on every core (ParallelBzip2); then a pass on two "
                    + "cores pipelined (the next frame decompressed sequentially while this one is worked on)");
            long[] phases = new long[4];
            double[] nativeSeconds = new double[rounds];
            double[] bz2Seconds = new double[rounds];
            double[] parallelSeconds = new double[rounds];
            double[] twoCoreSeconds = new double[rounds];
            long segmentBytes = 0;
            String threadsBefore = System.getProperty(ParallelBzip2.THREADS_PROPERTY);
            try {
                for (int i = 0; i < rounds; i++) {
                    for (Path f : frames) {
                        long t0 = System.nanoTime();
                        nativeBunzip2(f);
                        long t1 = System.nanoTime();
                        System.setProperty(ParallelBzip2.THREADS_PROPERTY, "1");
                        FrameIngest.Result r = ingest.ingest(f, segment.next());
                        long t2 = System.nanoTime();
                        System.setProperty(ParallelBzip2.THREADS_PROPERTY,
                                Integer.toString(Runtime.getRuntime().availableProcessors()));
                        ingest.ingest(f, segment.next());
                        long t3 = System.nanoTime();
                        nativeSeconds[i] += (t1 - t0) / 1e9;
                        bz2Seconds[i] += (t2 - t1) / 1e9;
                        parallelSeconds[i] += (t3 - t2) / 1e9;
                        phases[0] += r.readNanos();
                        phases[1] += r.calibrateNanos();
                        phases[2] += r.pyramidNanos();
                        phases[3] += r.writeNanos();
                    }
                    segmentBytes = segment.lastSize();
                    segment.clear();
                    System.setProperty(ParallelBzip2.THREADS_PROPERTY, "1");
                    long t0 = System.nanoTime();
                    pipelined(frames, ingest, segment);
                    twoCoreSeconds[i] = (System.nanoTime() - t0) / 1e9;
                    segment.clear();
                }
            } finally {
                if (threadsBefore == null) {
                    System.clearProperty(ParallelBzip2.THREADS_PROPERTY);
                } else {
                    System.setProperty(ParallelBzip2.THREADS_PROPERTY, threadsBefore);
                }
            }
            Rounds bunzip = new Rounds(nativeSeconds).per(frames.size());
            Rounds fromBz2 = new Rounds(bz2Seconds).per(frames.size());
            Rounds pipelined = new Rounds(twoCoreSeconds).per(frames.size());
            Rounds fromBz2Parallel = new Rounds(parallelSeconds).per(frames.size());
            double[] pairedRatios = new double[rounds];
            double[] parallelRatios = new double[rounds];
            double[] twoVsOne = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                pairedRatios[i] = bz2Seconds[i] / nativeSeconds[i];
                parallelRatios[i] = parallelSeconds[i] / nativeSeconds[i];
                twoVsOne[i] = twoCoreSeconds[i] / bz2Seconds[i];
            }
            Rounds paired = new Rounds(pairedRatios);
            Rounds pairedParallel = new Rounds(parallelRatios);
            Rounds pairedTwoVsOne = new Rounds(twoVsOne);

            out.println("[4/5] from .fits.bz2 decompressed by native bunzip2 in a child process, streamed");
            Rounds nativePipe = Rounds.NONE;
            if (org.hisscube.science.ingest.NativeBunzip2.available()) {
                nativePipe = timed(rounds, () -> {
                    for (Path f : frames) {
                        ingest.ingest(f, segment.next(), true);
                    }
                }, segment::clear).per(frames.size());
            }

            out.println("[5/5] one core, from decompressed FITS");
            long[] fitsPhases = new long[4];
            Rounds fromFits = fitsPasses(fits, ingest, segment, fitsPhases);

            long peakHeap = peakHeapBytes();

            double n = (double) rounds * frames.size();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("frames", frames.size());
            figures.put("rounds", rounds);
            figures.put("native_bunzip2", bunzip.figures(bunzip));
            figures.put("bz2_one_core", fromBz2.figures(bunzip));
            figures.put("bz2_one_core_vs_native_bunzip2_paired_median", paired.median());
            figures.put("bz2_one_core_vs_native_bunzip2_paired_each_pass",
                    java.util.Arrays.stream(pairedRatios).boxed().toList());
            figures.put("bz2_parallel_decoder", fromBz2Parallel.figures(bunzip));
            figures.put("bz2_parallel_decoder_vs_native_bunzip2_paired_median", pairedParallel.median());
            figures.put("bz2_parallel_decoder_vs_native_bunzip2_paired_each_pass",
                    java.util.Arrays.stream(parallelRatios).boxed().toList());
            figures.put("bz2_two_cores_vs_one_core_paired_median", pairedTwoVsOne.median());
            figures.put("bz2_native_bunzip2_pipe", nativePipe.figures(bunzip));
            figures.put("bz2_two_cores_pipelined", pipelined.figures(bunzip));
            figures.put("fits_one_core", fromFits.figures(Rounds.NONE));
            figures.put("phases_bz2_ms", phaseMap(phases, n));
            figures.put("phases_fits_ms", phaseMap(fitsPhases, n));
            figures.put("segment_bytes", segmentBytes);
            figures.put("peak_heap_mb", peakHeap / (1024.0 * 1024.0));
            figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));

            out.println();
            out.printf(Locale.ROOT, "  s/frame over %d passes of %d frames: best pass (median pass)%n", rounds,
                    frames.size());
            out.println("  input                    cores  s/frame          frames/s        vs native bunzip2");
            row(out, "native bunzip2 (only)     ", "1  ", bunzip, bunzip);
            row(out, ".fits.bz2 → segment       ", "1  ", fromBz2, bunzip);
            row(out, ".fits.bz2 | bunzip2 pipe  ", "1+1", nativePipe, bunzip);
            row(out, ".fits.bz2 → segment       ", "2  ", pipelined, bunzip);
            row(out, ".fits.bz2 blocks → segment", Integer.toString(Runtime.getRuntime().availableProcessors())
                    + "  ", fromBz2Parallel, bunzip);
            row(out, ".fits → segment           ", "1  ", fromFits, Rounds.NONE);
            out.printf(Locale.ROOT, "  .fits.bz2 one core / native bunzip2, pass by pass (paired): median %.2f, "
                    + "best %.2f, worst %.2f%n", paired.median(), paired.best(), paired.worst());
            out.printf(Locale.ROOT, "  .fits.bz2 blocks decoded on %d cores / native bunzip2, pass by pass (paired): "
                    + "median %.2f, best %.2f, worst %.2f%n", Runtime.getRuntime().availableProcessors(),
                    pairedParallel.median(), pairedParallel.best(), pairedParallel.worst());
            out.printf(Locale.ROOT, "  .fits.bz2 two cores / one core, pass by pass (paired): median %.2f, best %.2f, "
                    + "worst %.2f%n", pairedTwoVsOne.median(), pairedTwoVsOne.best(), pairedTwoVsOne.worst());
            out.printf(Locale.ROOT, "  phases from .bz2 (ms/frame, mean): read+decompress %.1f, calibrate %.1f, "
                    + "pyramid %.1f, write HDF5 %.1f%n", phases[0] / n / 1e6, phases[1] / n / 1e6,
                    phases[2] / n / 1e6, phases[3] / n / 1e6);
            out.printf(Locale.ROOT, "  phases from .fits (ms/frame, mean): read %.1f, calibrate %.1f, pyramid %.1f, "
                    + "write HDF5 %.1f%n", fitsPhases[0] / n / 1e6, fitsPhases[1] / n / 1e6,
                    fitsPhases[2] / n / 1e6, fitsPhases[3] / n / 1e6);
            out.printf(Locale.ROOT, "  image segment %.1f MB per frame (4 zooms, data + σ); peak heap %.0f MB of %d MB%n",
                    segmentBytes / 1e6, peakHeap / (1024.0 * 1024.0), Runtime.getRuntime().maxMemory() >> 20);
            if (json != null) {
                Files.writeString(json, JsonOut.format(figures));
                out.println("  figures written to " + json);
            }
            return 0;
        }

        /** {@code --fits-only}: the pass from decompressed FITS alone (warm-up done by the caller). */
        private int fitsOnly(List<Path> fits, FrameIngest ingest, Segments segment) throws Exception {
            var out = System.out;
            out.println("[5/5] one core, from decompressed FITS (--fits-only: other passes skipped)");
            long[] p = new long[4];
            Rounds fromFits = fitsPasses(fits, ingest, segment, p);
            double n = (double) rounds * fits.size();
            out.println();
            out.printf(Locale.ROOT, "  s/frame over %d passes of %d frames: best pass (median pass)%n", rounds,
                    fits.size());
            row(out, ".fits → segment           ", "1  ", fromFits, Rounds.NONE);
            out.printf(Locale.ROOT, "  phases from .fits (ms/frame, mean): read %.1f, calibrate %.1f, pyramid %.1f, "
                    + "write HDF5 %.1f%n", p[0] / n / 1e6, p[1] / n / 1e6, p[2] / n / 1e6, p[3] / n / 1e6);
            if (json != null) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("frames", fits.size());
                figures.put("rounds", rounds);
                figures.put("fits_one_core", fromFits.figures(Rounds.NONE));
                figures.put("phases_fits_ms", phaseMap(p, n));
                Files.writeString(json, JsonOut.format(figures));
                out.println("  figures written to " + json);
            }
            return 0;
        }

        /** The timed passes over decompressed FITS, one core; adds each phase's nanoseconds to {@code phases}. */
        private Rounds fitsPasses(List<Path> fits, FrameIngest ingest, Segments segment, long[] phases)
                throws Exception {
            return timed(rounds, () -> {
                for (Path f : fits) {
                    FrameIngest.Result r = ingest.ingest(f, segment.next());
                    phases[0] += r.readNanos();
                    phases[1] += r.calibrateNanos();
                    phases[2] += r.pyramidNanos();
                    phases[3] += r.writeNanos();
                }
            }, segment::clear).per(fits.size());
        }

        private static Map<String, Double> phaseMap(long[] p, double n) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("read", p[0] / n / 1e6);
            m.put("calibrate", p[1] / n / 1e6);
            m.put("pyramid", p[2] / n / 1e6);
            m.put("write", p[3] / n / 1e6);
            return m;
        }

        /** Native bunzip2 on one file, output discarded. */
        private static void nativeBunzip2(Path f) throws Exception {
            Process p = new ProcessBuilder("bunzip2", "-c", f.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("bunzip2 failed on " + f);
            }
        }

        /** A decompressing thread stays one frame ahead of the ingesting thread (at most one frame buffered). */
        private static void pipelined(List<Path> frames, FrameIngest ingest, Segments segment) throws Exception {
            BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1);
            Thread decompressor = new Thread(() -> {
                try {
                    for (Path f : frames) {
                        try (InputStream in = new Bzip2InputStream(Files.newInputStream(f))) {
                            ready.put(new Object[] {f.getFileName().toString(), in.readAllBytes()});
                        }
                    }
                } catch (Exception e) {
                    ready.offer(e);
                }
            }, "bench-decompress");
            decompressor.start();
            for (int i = 0; i < frames.size(); i++) {
                Object item = ready.take();
                if (item instanceof Exception e) {
                    throw e;
                }
                Object[] pair = (Object[]) item;
                ingest.ingest(new ByteArrayInputStream((byte[]) pair[1]),
                        ((String) pair[0]).replaceFirst("\\.bz2$", ""), segment.next());
            }
            decompressor.join();
        }

        interface Body {
            void run() throws Exception;
        }

        /** The seconds of every pass, in order. {@code between} runs after each pass, untimed. */
        private static Rounds timed(int rounds, Body body, Body between) throws Exception {
            double[] seconds = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                body.run();
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                between.run();
            }
            return new Rounds(seconds);
        }

        private static void row(java.io.PrintStream out, String input, String cores, Rounds r, Rounds bunzip) {
            String vs = bunzip == Rounds.NONE || bunzip.seconds().length == 0 ? "   —"
                    : String.format(Locale.ROOT, "%.2f (%.2f)", r.best() / bunzip.best(), r.median() / bunzip.median());
            out.printf(Locale.ROOT, "  %s %s  %6.3f (%6.3f)  %6.2f (%6.2f)  %s%n", input, cores, r.best(), r.median(),
                    1 / r.best(), 1 / r.median(), vs);
        }

        /**
         * Timed passes: seconds per pass (or, after {@link #per}, per frame; or ratios of paired passes). The best pass
         * is the usual benchmark figure (the least disturbed by other work on a shared machine); the median shows
         * what a typical pass gave.
         */
        record Rounds(double[] seconds) {
            static final Rounds NONE = new Rounds(new double[0]);

            Rounds per(int frames) {
                return new Rounds(java.util.Arrays.stream(seconds).map(s -> s / frames).toArray());
            }

            double best() {
                return java.util.Arrays.stream(seconds).min().orElse(Double.NaN);
            }

            double worst() {
                return java.util.Arrays.stream(seconds).max().orElse(Double.NaN);
            }

            double median() {
                if (seconds.length == 0) {
                    return Double.NaN;
                }
                double[] s = seconds.clone();
                java.util.Arrays.sort(s);
                return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
            }

            /** JSON figures: per pass, best, median, frames/s, and the ratios to native bunzip2 where measured. */
            Map<String, Object> figures(Rounds bunzip) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("s_per_frame_best", best());
                m.put("s_per_frame_median", median());
                m.put("frames_per_s_best", 1 / best());
                m.put("frames_per_s_median", 1 / median());
                if (bunzip.seconds().length > 0) {
                    m.put("vs_native_bunzip2_best", best() / bunzip.best());
                    m.put("vs_native_bunzip2_median", median() / bunzip.median());
                }
                m.put("s_per_frame_each_pass", java.util.Arrays.stream(seconds).boxed().toList());
                return m;
            }
        }

        /**
         * A fresh file for every segment written during a timed pass, deleted after the pass: replacing a 32 MB file
         * makes the kernel free the old one inside the rename, which is not ingest work (the service uploads each
         * segment, then deletes its scratch copy: {@code bench cube} times that delete on its own).
         */
        static final class Segments {
            private final Path dir;
            private int n;
            private Path last;

            Segments(Path dir) throws IOException {
                this.dir = Files.createDirectories(dir);
            }

            Path next() {
                last = dir.resolve("segment-" + (n++) + ".h5");
                return last;
            }

            long lastSize() throws IOException {
                return Files.size(last);
            }

            void clear() throws IOException {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        if (!p.equals(last)) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }

        private List<Path> frames() throws IOException {
            Path dir = framesDir != null ? framesDir : RepoLayout.root().resolve("data/sdss-sample/frames");
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> list = s.filter(p -> p.getFileName().toString().matches(
                        framesDir != null ? "frame-.*\\.fits\\.bz2" : "frame-[ugriz]-002820-3-0122\\.fits\\.bz2"))
                        .sorted().toList();
                if (list.isEmpty()) {
                    throw new IllegalArgumentException(dir + ": no frame-*.fits.bz2 files");
                }
                return list;
            }
        }

        private static void resetPeaks() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
        }

        private static long peakHeapBytes() {
            long sum = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    sum += pool.getPeakUsage().getUsed();
                }
            }
            return sum;
        }
    }
}
