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
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.hisscube.science.ingest.FrameIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube bench ingest}: the science-core ingest (decompress, read, calibrate, σ, four zooms, HDF5 image
 * segment) on real frames, next to the machine's native {@code bunzip2} on the same files, all in one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Ingest.class, FetchBenchmark.class, CubeBenchmark.class})
final class BenchCommand {

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Frames/s of the frame ingest from .fits.bz2 and from decompressed FITS on one core, "
                    + "pipelined on two cores, next to native bunzip2 on the same files.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--frames", description = "folder with frame-*.fits.bz2 (default: the bundled field "
                + "2820-3-0122 in five bands)")
        Path framesDir;

        @Option(names = "--rounds", defaultValue = "3", description = "timed passes over the files (default 3)")
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

            out.println("[1/5] native bunzip2 on the same files (decompressed copies for the FITS pass)");
            List<Path> fits = new ArrayList<>();
            for (Path f : frames) {
                Path target = work.resolve(f.getFileName().toString().replaceFirst("\\.bz2$", ""));
                fits.add(target);
                try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(f), false)) {
                    Files.copy(in, target);
                }
            }
            double bunzip = fitsOnly ? Double.NaN : bestOf(rounds, () -> {
                for (Path f : frames) {
                    Process p = new ProcessBuilder("bunzip2", "-c", f.toString())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        throw new IllegalStateException("bunzip2 failed on " + f);
                    }
                }
            }) / frames.size();

            FrameIngest ingest = new FrameIngest();
            Segments segment = new Segments(work.resolve("segments"));
            out.println("[2/5] warm-up (JIT) over every file once");
            for (Path f : fitsOnly ? fits : frames) {
                ingest.ingest(f, segment.next());
            }
            segment.clear();
            resetPeaks();
            if (fitsOnly) {
                return fitsOnly(fits, ingest, segment);
            }

            out.println("[3/5] one core, from .fits.bz2");
            long[] phases = new long[4];
            double fromBz2 = bestOf(rounds, () -> {
                for (Path f : frames) {
                    FrameIngest.Result r = ingest.ingest(f, segment.next());
                    phases[0] += r.readNanos();
                    phases[1] += r.calibrateNanos();
                    phases[2] += r.pyramidNanos();
                    phases[3] += r.writeNanos();
                }
            }, segment::clear) / frames.size();
            long segmentBytes = segment.lastSize();

            out.println("[3b/5] from .fits.bz2 decompressed by native bunzip2 in a child process, streamed");
            double nativePipe = Double.NaN;
            if (org.hisscube.science.ingest.NativeBunzip2.available()) {
                nativePipe = bestOf(rounds, () -> {
                    for (Path f : frames) {
                        ingest.ingest(f, segment.next(), true);
                    }
                }, segment::clear) / frames.size();
            }

            out.println("[4/5] one core, from decompressed FITS");
            long[] fitsPhases = new long[4];
            double fromFits = bestOf(rounds, () -> {
                for (Path f : fits) {
                    FrameIngest.Result r = ingest.ingest(f, segment.next());
                    fitsPhases[0] += r.readNanos();
                    fitsPhases[1] += r.calibrateNanos();
                    fitsPhases[2] += r.pyramidNanos();
                    fitsPhases[3] += r.writeNanos();
                }
            }, segment::clear) / frames.size();

            out.println("[5/5] two cores, from .fits.bz2: decompressing the next frame while this one is worked on");
            double pipelined = bestOf(rounds, () -> pipelined(frames, ingest, segment), segment::clear)
                    / frames.size();
            long peakHeap = peakHeapBytes();

            double n = (double) rounds * frames.size();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("frames", frames.size());
            figures.put("native_bunzip2_s_per_frame", bunzip);
            figures.put("bz2_one_core_s_per_frame", fromBz2);
            figures.put("bz2_one_core_frames_per_s", 1 / fromBz2);
            figures.put("bz2_one_core_vs_native_bunzip2", fromBz2 / bunzip);
            figures.put("bz2_native_bunzip2_pipe_s_per_frame", nativePipe);
            figures.put("bz2_native_bunzip2_pipe_vs_native_bunzip2", nativePipe / bunzip);
            figures.put("bz2_two_cores_pipelined_s_per_frame", pipelined);
            figures.put("bz2_two_cores_pipelined_frames_per_s", 1 / pipelined);
            figures.put("fits_one_core_s_per_frame", fromFits);
            figures.put("fits_one_core_frames_per_s", 1 / fromFits);
            figures.put("phases_bz2_ms", phaseMap(phases, n));
            figures.put("phases_fits_ms", phaseMap(fitsPhases, n));
            figures.put("segment_bytes", segmentBytes);
            figures.put("peak_heap_mb", peakHeap / (1024.0 * 1024.0));
            figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));

            out.println();
            out.println("  input                    cores  s/frame  frames/s  vs native bunzip2");
            out.printf(Locale.ROOT, "  native bunzip2 (only)      1    %6.3f   %6.2f      1.00%n", bunzip, 1 / bunzip);
            out.printf(Locale.ROOT, "  .fits.bz2 → segment        1    %6.3f   %6.2f      %.2f%n", fromBz2, 1 / fromBz2,
                    fromBz2 / bunzip);
            out.printf(Locale.ROOT, "  .fits.bz2 | bunzip2 pipe   1+1  %6.3f   %6.2f      %.2f%n", nativePipe,
                    1 / nativePipe, nativePipe / bunzip);
            out.printf(Locale.ROOT, "  .fits.bz2 → segment        2    %6.3f   %6.2f      %.2f%n", pipelined,
                    1 / pipelined, pipelined / bunzip);
            out.printf(Locale.ROOT, "  .fits → segment            1    %6.3f   %6.2f        —%n", fromFits, 1 / fromFits);
            out.printf(Locale.ROOT, "  phases from .bz2 (ms/frame): read+decompress %.1f, calibrate %.1f, "
                    + "pyramid %.1f, write HDF5 %.1f%n", phases[0] / n / 1e6, phases[1] / n / 1e6,
                    phases[2] / n / 1e6, phases[3] / n / 1e6);
            out.printf(Locale.ROOT, "  phases from .fits (ms/frame): read %.1f, calibrate %.1f, pyramid %.1f, "
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
            out.println("[4/5] one core, from decompressed FITS (--fits-only: other passes skipped)");
            long[] p = new long[4];
            double fromFits = bestOf(rounds, () -> {
                for (Path f : fits) {
                    FrameIngest.Result r = ingest.ingest(f, segment.next());
                    p[0] += r.readNanos();
                    p[1] += r.calibrateNanos();
                    p[2] += r.pyramidNanos();
                    p[3] += r.writeNanos();
                }
            }, segment::clear) / fits.size();
            double n = (double) rounds * fits.size();
            out.println();
            out.printf(Locale.ROOT, "  .fits → segment            1    %6.3f   %6.2f        —%n", fromFits, 1 / fromFits);
            out.printf(Locale.ROOT, "  phases from .fits (ms/frame): read %.1f, calibrate %.1f, pyramid %.1f, "
                    + "write HDF5 %.1f%n", p[0] / n / 1e6, p[1] / n / 1e6, p[2] / n / 1e6, p[3] / n / 1e6);
            if (json != null) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("frames", fits.size());
                figures.put("fits_one_core_s_per_frame", fromFits);
                figures.put("fits_one_core_frames_per_s", 1 / fromFits);
                figures.put("phases_fits_ms", phaseMap(p, n));
                Files.writeString(json, JsonOut.format(figures));
                out.println("  figures written to " + json);
            }
            return 0;
        }

        private static Map<String, Double> phaseMap(long[] p, double n) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("read", p[0] / n / 1e6);
            m.put("calibrate", p[1] / n / 1e6);
            m.put("pyramid", p[2] / n / 1e6);
            m.put("write", p[3] / n / 1e6);
            return m;
        }

        /** A decompressing thread stays one frame ahead of the ingesting thread (at most one frame buffered). */
        private static void pipelined(List<Path> frames, FrameIngest ingest, Segments segment) throws Exception {
            BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1);
            Thread decompressor = new Thread(() -> {
                try {
                    for (Path f : frames) {
                        try (InputStream in = new BZip2CompressorInputStream(
                                new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16), false)) {
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

        /** Seconds of the fastest of {@code rounds} passes; {@code between} runs after each pass, untimed. */
        private static double bestOf(int rounds, Body body, Body between) throws Exception {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                body.run();
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                between.run();
            }
            return best;
        }

        private static double bestOf(int rounds, Body body) throws Exception {
            return bestOf(rounds, body, () -> {
            });
        }

        /**
         * A fresh file for every segment written during a timed pass, deleted after the pass: replacing a 32 MB file
         * makes the kernel free the old one inside the rename, which is not ingest work (the service uploads each
         * segment and removes it off the critical path).
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
