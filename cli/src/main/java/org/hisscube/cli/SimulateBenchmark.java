package org.hisscube.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.Callable;
import org.hisscube.simulator.SimulationOptions;
import org.hisscube.simulator.SurveySimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hisscube simulate bench}: objects/s, frames/s and bytes written by the simulator, for each size with
 * {@code .fits.bz2} and with plain FITS, side by side in one run; peak heap. Every file is deleted as soon as it is
 * written (after its size is counted), so any size fits the disk; the real data is loaded once, before timing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the survey simulator: objects/s, frames/s and MB written, bz2 vs plain FITS.")
final class SimulateBenchmark implements Callable<Integer> {

    @Option(names = "--objects", split = ",", defaultValue = "1000,10000",
            description = "survey sizes (default ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--compress", split = ",", defaultValue = "bz2,none",
            description = "frame formats to run, bz2 and/or none (default ${DEFAULT-VALUE})")
    List<String> compress;

    @Option(names = "--per-field", defaultValue = "8", description = "objects per field (default ${DEFAULT-VALUE})")
    int perField;

    @Option(names = "--threads", description = "workers (default: the number of cores)")
    Integer threads;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    @Option(names = "--data", description = "the real data folder (default: the repository's data/)")
    Path data;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data != null ? data : RepoLayout.root().resolve("data");
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        System.out.println("[1/2] loading the real data (templates, PSF measurement, catalogs)");
        long l0 = System.nanoTime();
        SurveySimulator simulator = SurveySimulator.fromData(dataDir);
        System.out.printf(Locale.ROOT, "      %.1f s%n", (System.nanoTime() - l0) / 1e9);
        Path work = Files.createTempDirectory("hisscube-simbench");
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.println("[2/2] simulating (files deleted as written; sizes counted first)");
        for (int n : sizes) {
            for (String mode : compress) {
                if (!mode.equals("bz2") && !mode.equals("none")) {
                    throw new IllegalArgumentException("--compress takes bz2 and/or none, not " + mode);
                }
                boolean bz2 = mode.equals("bz2");
                resetPeaks();
                SimulationOptions o = new SimulationOptions(n, 1, work.resolve(n + (bz2 ? "-bz2" : "-fits")), perField,
                        1, bz2, workers, dataDir);
                SurveySimulator.Summary s = simulator.run(o, line -> System.out.println("      " + line), p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("objects", n);
                r.put("compress", bz2 ? "bz2" : "none");
                r.put("threads", workers);
                r.put("fields", s.fields());
                r.put("frames", s.frames());
                r.put("seconds", s.seconds());
                r.put("objects_per_s", n / s.seconds());
                r.put("frames_per_s", s.frames() / s.seconds());
                r.put("mb_written", s.bytes() / 1e6);
                r.put("mb_per_s", s.bytes() / 1e6 / s.seconds());
                r.put("peak_heap_mb", peakHeapBytes() / 1e6);
                rows.add(r);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "  %d threads, %d objects per field, heap max %d MB%n", workers, perField,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("  objects  frames  compress  seconds  objects/s  frames/s  MB written   MB/s  peak heap MB");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, "  %7d  %6d  %-8s  %7.1f  %9.1f  %8.2f  %10.1f  %5.1f  %12.0f%n",
                    r.get("objects"), r.get("frames"), r.get("compress"), r.get("seconds"), r.get("objects_per_s"),
                    r.get("frames_per_s"), r.get("mb_written"), r.get("mb_per_s"), r.get("peak_heap_mb"));
        }
        if (json != null) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("runs", rows);
            Files.writeString(json, JsonOut.format(all));
            System.out.println("  figures written to " + json);
        }
        return 0;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
