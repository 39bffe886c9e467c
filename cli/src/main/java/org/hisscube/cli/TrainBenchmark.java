package org.hisscube.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hisscube.learning.ModalityModels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube bench train}: training and inference samples/s of each model at each zoom, next to ND4J's own
 * float32 matrix multiply in the same run, with each model's achieved GFLOP/s (forward FLOPs counted from the
 * weight shapes and activation sizes; training taken as 3× forward), so the distance to the machine's limit shows.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training and inference samples/s per model and zoom next to ND4J's GEMM GFLOP/s.")
final class TrainBenchmark implements Callable<Integer> {
    @Option(names = "--zooms", split = ",", defaultValue = "0,1,2,3", description = "zooms (default ${DEFAULT-VALUE})")
    List<Integer> zooms;

    @Option(names = "--models", split = ",", defaultValue = "photometry,spectrum,image,fused",
            description = "models (default ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--batches", defaultValue = "20", description = "timed training batches of 32 per model "
            + "(default ${DEFAULT-VALUE})")
    int batches;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    @Override
    public Integer call() throws Exception {
        System.out.println("[1/2] ND4J float32 GEMM (mmuli into a preallocated result)");
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Double> gemm = new LinkedHashMap<>();
        for (int n : new int[] {1024, 2048}) {
            double g = gemm(n);
            gemm.put(Integer.toString(n), g);
            System.out.printf(Locale.ROOT, "      %d × %d: %.1f GFLOP/s%n", n, n, g);
        }
        double peak = gemm.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        out.put("gemm_gflops", gemm);
        System.out.printf(Locale.ROOT, "[2/2] models: %d warm-up + %d timed batches of 32, inference in batches of "
                + "256%n", 3, batches);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int zoom : zooms) {
            for (String m : models) {
                ModalityModels.Kind kind = ModalityModels.Kind.valueOf(m.trim().toUpperCase(Locale.ROOT));
                rows.add(model(kind, zoom, peak));
            }
        }
        out.put("models", rows);
        System.out.println();
        System.out.println("  model       zoom   params  MFLOP/sample  train samples/s  train GFLOP/s  % of GEMM  "
                + "inference samples/s");
        for (Map<String, Object> r : rows) {
            System.out.printf(Locale.ROOT, "  %-10s  %4d  %7d  %12.2f  %15.1f  %13.2f  %9.1f  %19.1f%n", r.get("model"),
                    r.get("zoom"), r.get("parameters"), r.get("forward_mflop_per_sample"),
                    r.get("train_samples_per_s"), r.get("train_gflops"), r.get("percent_of_gemm"),
                    r.get("inference_samples_per_s"));
        }
        System.out.printf(Locale.ROOT, "  GEMM best: %.1f GFLOP/s; ND4J threads: %d%n", peak,
                Nd4j.getEnvironment().maxThreads());
        if (json != null) {
            Files.writeString(json, JsonOut.format(out));
            System.out.println("  figures written to " + json);
        }
        return 0;
    }

    private static double gemm(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            a.mmuli(b, c);
        }
        int calls = n >= 2048 ? 5 : 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            a.mmuli(b, c);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return 2.0 * n * n * (double) n * calls / s / 1e9;
    }

    private Map<String, Object> model(ModalityModels.Kind kind, int zoom, double peak) {
        int s = 64 >> zoom;
        int len = 4620 >> zoom;
        ComputationGraph g = ModalityModels.build(kind, s, len, 9, new double[] {1, 1, 1}, 1);
        double mflop = forwardFlops(g, inputs(kind, 1, s, len)) / 1e6;
        INDArray[] x = inputs(kind, 32, s, len);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 3);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        MultiDataSet batch = new MultiDataSet(x, new INDArray[] {y});
        for (int i = 0; i < 3; i++) {
            g.fit(batch);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            g.fit(batch);
        }
        double train = 32.0 * batches / ((System.nanoTime() - t0) / 1e9);
        INDArray[] big = inputs(kind, 256, s, len);
        g.output(false, big);
        long t1 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            g.output(false, big);
        }
        double inference = 256.0 * 3 / ((System.nanoTime() - t1) / 1e9);
        double gflops = 3 * mflop * 1e6 * train / 1e9;
        System.out.printf(Locale.ROOT, "      %s zoom %d: %.1f train samples/s, %.1f inference samples/s%n",
                kind.label(), zoom, train, inference);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", kind.label());
        r.put("zoom", zoom);
        r.put("parameters", g.numParams());
        r.put("forward_mflop_per_sample", mflop);
        r.put("train_samples_per_s", train);
        r.put("train_gflops", gflops);
        r.put("percent_of_gemm", 100 * gflops / peak);
        r.put("inference_samples_per_s", inference);
        return r;
    }

    private static INDArray[] inputs(ModalityModels.Kind kind, int b, int s, int len) {
        List<INDArray> in = new ArrayList<>();
        if (kind == ModalityModels.Kind.IMAGE || kind == ModalityModels.Kind.FUSED) {
            in.add(Nd4j.randn(DataType.FLOAT, b, 5, s, s));
        }
        if (kind == ModalityModels.Kind.SPECTRUM || kind == ModalityModels.Kind.FUSED) {
            in.add(Nd4j.randn(DataType.FLOAT, b, 1, len));
        }
        if (kind == ModalityModels.Kind.PHOTOMETRY || kind == ModalityModels.Kind.FUSED) {
            in.add(Nd4j.randn(DataType.FLOAT, b, 9));
        }
        return in.toArray(INDArray[]::new);
    }

    /**
     * Forward multiply-adds ×2 of one sample: each weight matrix W times the number of output positions it is
     * applied at (the spatial size of a 2-D convolution's output, the length of a 1-D one's, 1 for dense layers).
     */
    static double forwardFlops(ComputationGraph g, INDArray[] oneSample) {
        Map<String, INDArray> acts = g.feedForward(oneSample, false);
        double flops = 0;
        for (Layer layer : g.getLayers()) {
            INDArray w = layer.numParams() == 0 ? null : layer.paramTable().get("W");
            if (w == null) {
                continue;
            }
            INDArray a = acts.get(layer.getConfig().getLayerName());
            long positions = 1;
            if (a != null && a.rank() == 4) {
                positions = a.size(2) * a.size(3);
            } else if (a != null && a.rank() == 3) {
                positions = a.size(2);
            }
            flops += 2.0 * w.length() * positions;
        }
        return flops;
    }
}
