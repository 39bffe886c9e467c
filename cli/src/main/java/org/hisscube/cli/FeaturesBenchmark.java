package org.hisscube.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.features.Featurizer;
import org.hisscube.features.ShardStore;
import org.hisscube.features.TargetFeatures;
import org.hisscube.learning.SimulatedTargets;
import org.hisscube.localstack.LocalStack;
import org.hisscube.science.cube.CubeExportWriter;
import org.hisscube.science.cube.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube bench features}: the feature-service's work on target files in a real S3 server — the raw read of
 * the target files, reading + featurising them at every zoom (and each zoom's derivation alone), writing the shards
 * and the manifest — side by side in one run, rounds interleaved. The targets: the real F star and a simulated
 * survey's, built field by field by the science core and stored as the cube-service stores them.
 */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Targets/s featurised per zoom and shard MB/s written, next to the raw cost of reading the "
                + "target files from S3, in one run.")
final class FeaturesBenchmark implements Callable<Integer> {

    @Option(names = "--objects", defaultValue = "64", description = "simulated objects besides the real F star "
            + "(default ${DEFAULT-VALUE})")
    int objects;

    @Option(names = "--rounds", defaultValue = "3", description = "timed rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    private static final List<Integer> ZOOMS = List.of(0, 1, 2, 3);

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("hisscube-bench-features-");
        try {
            return run(work);
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private int run(Path work) throws Exception {
        Path data = RepoLayout.root().resolve("data");
        System.out.printf(Locale.ROOT, "[1/4] building targets: the real F-star field and %d simulated objects%n",
                objects);
        List<Target> targets = new ArrayList<>(SimulatedTargets.build(work.resolve("real"), realFieldFiles(data),
                ZOOMS.size()));
        if (objects > 0) {
            targets.addAll(SimulatedTargets.simulateAndBuild(data, work, objects, 1, ZOOMS.size(), line -> { }));
        }
        System.out.printf(Locale.ROOT, "      %d targets%n", targets.size());
        System.out.println("[2/4] starting the local stack (Kafka is not used here: S3 only)");
        try (LocalStack stack = LocalStack.start(work.resolve("stack"), null)) {
            ObjectStoreConfig c = stack.objectStoreConfig();
            long storedBytes = 0;
            List<String> keys = new ArrayList<>();
            try (ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(),
                    c.secretKey(), "bench-targets", c.region()))) {
                store.ensureBucket();
                for (Target t : targets) {
                    Path f = work.resolve("t.h5");
                    CubeExportWriter.write(f, List.of(t), ZOOMS.size(), List.of());
                    String key = "cube/targets/" + t.id() + "/v1.h5";
                    store.put(key, Files.readAllBytes(f), "application/x-hdf5", Map.of());
                    storedBytes += Files.size(f);
                    keys.add(key);
                }
                System.out.printf(Locale.ROOT, "[3/4] %d target files in S3 (%.1f MB); %d rounds, each: raw read, "
                        + "read + featurise, shard write%n", keys.size(), storedBytes / 1e6, rounds);
                List<Map<String, Double>> results = new ArrayList<>();
                for (int r = 0; r <= rounds; r++) {
                    Map<String, Double> m = round(store, c, keys, work, r);
                    if (r > 0) {
                        results.add(m);
                        System.out.printf(Locale.ROOT, "      round %d: raw read %.2f s, read + featurise %.2f s, "
                                + "shards %.2f s%n", r, m.get("raw_s"), m.get("featurise_s"), m.get("shards_s"));
                    } else {
                        System.out.println("      warm-up round done");
                    }
                }
                report(results, keys.size(), storedBytes);
            }
        }
        return 0;
    }

    private Map<String, Double> round(ObjectStore store, ObjectStoreConfig c, List<String> keys, Path work, int r)
            throws Exception {
        Map<String, Double> m = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        long bytes = 0;
        for (String k : keys) {
            try (InputStream in = store.get(k)) {
                bytes += in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        m.put("raw_s", (System.nanoTime() - t0) / 1e9);
        m.put("raw_bytes", (double) bytes);
        Featurizer featurizer = Featurizer.sdss();
        double[] perZoom = new double[ZOOMS.size()];
        List<List<TargetFeatures>> batch = new ArrayList<>();
        long t1 = System.nanoTime();
        for (String k : keys) {
            Path f = work.resolve("read.h5");
            try (InputStream in = store.get(k)) {
                Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Target t = Featurizer.read(f).get(0);
            List<TargetFeatures> all = new ArrayList<>();
            for (int z : ZOOMS) {
                long s = System.nanoTime();
                all.addAll(featurizer.derive(t, 1, List.of(z)));
                perZoom[z] += (System.nanoTime() - s) / 1e9;
            }
            batch.add(all);
        }
        m.put("featurise_s", (System.nanoTime() - t1) / 1e9);
        for (int z : ZOOMS) {
            m.put("derive_z" + z + "_s", perZoom[z]);
        }
        try (ObjectStore shardBucket = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(),
                c.secretKey(), "bench-shards-" + r, c.region()))) {
            shardBucket.ensureBucket();
            ShardStore shards = new ShardStore(shardBucket, work.resolve("scratch"), ZOOMS, List.of("image",
                    "spectrum", "photometry"));
            long t2 = System.nanoTime();
            ShardStore.Appended a = shards.append(shards.manifest(), batch);
            m.put("shards_s", (System.nanoTime() - t2) / 1e9);
            m.put("shard_bytes", (double) a.bytes());
        }
        return m;
    }

    private void report(List<Map<String, Double>> results, int n, long storedBytes) throws Exception {
        Map<String, Double> median = new LinkedHashMap<>();
        for (String k : results.get(0).keySet()) {
            double[] v = results.stream().mapToDouble(x -> x.get(k)).sorted().toArray();
            median.put(k, v[v.length / 2]);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "  %d targets, %d rounds (median round), target files %.1f MB%n", n,
                results.size(), storedBytes / 1e6);
        System.out.println("  step                                    seconds  targets/s     MB/s");
        row("raw S3 read of the target files", median.get("raw_s"), n, median.get("raw_bytes"));
        row("S3 read + featurise, all zooms", median.get("featurise_s"), n, median.get("raw_bytes"));
        for (int z : ZOOMS) {
            row("  derive zoom " + z + " only", median.get("derive_z" + z + "_s"), n, Double.NaN);
        }
        row("shards (4 zooms) + manifest to S3", median.get("shards_s"), n, median.get("shard_bytes"));
        System.out.printf(Locale.ROOT, "  featurising costs %.2f× the raw read; shards %.1f MB (%.0f kB per target, "
                + "all zooms)%n", median.get("featurise_s") / median.get("raw_s"), median.get("shard_bytes") / 1e6,
                median.get("shard_bytes") / 1e3 / n);
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("targets", n);
            out.put("target_file_bytes", storedBytes);
            out.put("median", median);
            out.put("rounds", results);
            Files.writeString(json, JsonOut.format(out));
            System.out.println("  figures written to " + json);
        }
    }

    private static void row(String what, double seconds, int n, double bytes) {
        System.out.printf(Locale.ROOT, "  %-38s  %7.2f  %9.1f  %7s%n", what, seconds, n / seconds,
                Double.isNaN(bytes) ? "" : String.format(Locale.ROOT, "%.1f", bytes / 1e6 / seconds));
    }

    private static List<Path> realFieldFiles(Path data) {
        List<Path> files = new ArrayList<>();
        for (String b : List.of("u", "g", "r", "i", "z")) {
            files.add(data.resolve("sdss-sample/frames/frame-" + b + "-002820-3-0122.fits.bz2"));
        }
        for (String s : List.of("spec-3126-54804-0211.fits", "spec-3127-54835-0622.fits",
                "spec-7330-56684-0434.fits")) {
            files.add(data.resolve("sdss-sample/spectra/" + s));
        }
        return files;
    }
}
