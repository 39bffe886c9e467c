package org.hisscube.vg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.hisscube.experiments.EmbeddingMaps;
import org.hisscube.experiments.ReportPlots;
import org.hisscube.experiments.SeedStatistics;
import org.hisscube.learning.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The image + text experiment: image-only, text-only and fused models on the same examples and splits, once per
 * seed, with early stopping on the validation macro-F1; each scored on the test split; the embeddings of the first
 * seed's models mapped with t-SNE and clustered (k-means, DBSCAN) against the categories. Writes the models (DL4J's
 * format) and the figures into the report folder; {@link RegionReport} turns the figures into the page.
 */
public final class RegionExperiment {
    /** Training settings. */
    public record Settings(int seeds, long seed0, int epochs, int patience, int batch, int mapPoints) {
        public Settings {
            if (seeds < 1 || seeds > 20 || epochs < 1 || patience < 1 || batch < 1 || mapPoints < 10) {
                throw new IllegalArgumentException("seeds 1..20, epochs, patience, batch ≥ 1 and map points ≥ 10: "
                        + seeds + ", " + epochs + ", " + patience + ", " + batch + ", " + mapPoints);
            }
        }
    }

    /** One trained model: its kind, seed, test scores and timings. */
    public record Run(String modelId, RegionModels.Kind kind, long seed, Evaluation test, double validationMacroF1,
            int epochsRun, int bestEpoch, double trainSeconds, double inferenceSeconds, long parameters) {
    }

    private RegionExperiment() {
    }

    /**
     * Trains every kind for every seed.
     *
     * @param models where each model goes ({@code <model_id>.zip}); null keeps none
     */
    public static List<Run> train(RegionSet train, RegionSet validation, RegionSet test, Settings s, String runId,
            Path models, Consumer<String> progress, Map<RegionModels.Kind, float[][]> embeddings) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < s.seeds(); i++) {
            long seed = s.seed0() + i;
            for (RegionModels.Kind kind : RegionModels.Kind.values()) {
                String id = "exp-visual-genome-" + runId + "-" + kind.label() + "-s" + seed;
                Nd4j.getRandom().setSeed(seed);
                ComputationGraph g = RegionModels.build(kind, train.size, train.dims, train.classWeights(), seed);
                long t0 = System.nanoTime();
                int[] fit = fit(g, kind, train, validation, s, seed, progress);
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                long ti = System.nanoTime();
                Evaluation onTest = evaluate(g, kind, test);
                double inferenceSeconds = (System.nanoTime() - ti) / 1e9;
                double val = evaluate(g, kind, validation).macroF1();
                progress.accept(String.format(Locale.ROOT, "%s seed %d: test macro-F1 %.3f (validation %.3f, best "
                        + "epoch %d of %d, %.1f s)", kind.label(), seed, onTest.macroF1(), val, fit[1], fit[0],
                        trainSeconds));
                runs.add(new Run(id, kind, seed, onTest, val, fit[0], fit[1], trainSeconds, inferenceSeconds,
                        g.numParams()));
                if (i == 0 && embeddings != null) {
                    embeddings.put(kind, embed(g, kind, test));
                }
                if (models != null) {
                    try {
                        Files.createDirectories(models);
                        ModelSerializer.writeModel(g, models.resolve(id + ".zip").toFile(), false);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write model " + id, e);
                    }
                }
            }
        }
        return runs;
    }

    /** Trains with early stopping; returns {epochs run, best epoch}; the best epoch's parameters are kept. */
    private static int[] fit(ComputationGraph g, RegionModels.Kind kind, RegionSet train, RegionSet validation,
            Settings s, long seed, Consumer<String> progress) {
        Random rng = new Random(seed);
        int[] order = train.identity();
        double best = -1;
        INDArray bestParams = g.params().dup();
        int bestEpoch = 0;
        int run = 0;
        for (int e = 1; e <= s.epochs(); e++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < train.n; from += s.batch()) {
                int to = Math.min(train.n, from + s.batch());
                g.fit(new MultiDataSet(train.inputs(kind, order, from, to), new INDArray[] {train.labels(order, from,
                        to)}));
            }
            run = e;
            double f1 = evaluate(g, kind, validation).macroF1();
            if (f1 > best) {
                best = f1;
                bestParams = g.params().dup();
                bestEpoch = e;
            } else if (e - bestEpoch >= s.patience()) {
                break;
            }
        }
        g.setParams(bestParams);
        return new int[] {run, bestEpoch};
    }

    static int[] predict(ComputationGraph g, RegionModels.Kind kind, RegionSet set) {
        int[] order = set.identity();
        int[] out = new int[set.n];
        for (int from = 0; from < set.n; from += 256) {
            int to = Math.min(set.n, from + 256);
            INDArray arg = Nd4j.argMax(g.output(false, set.inputs(kind, order, from, to))[0], 1);
            for (int i = from; i < to; i++) {
                out[i] = arg.getInt(i - from);
            }
        }
        return out;
    }

    /** Test scores over the set's categories (rows = true category, columns = predicted). */
    static Evaluation evaluate(ComputationGraph g, RegionModels.Kind kind, RegionSet set) {
        int k = set.classes.size();
        int[][] c = new int[k][k];
        int[] p = predict(g, kind, set);
        for (int i = 0; i < set.n; i++) {
            c[set.labels[i]][p[i]]++;
        }
        return Evaluation.fromConfusion(c);
    }

    /** The {@value RegionModels#EMBEDDING} layer's output for every row. */
    static float[][] embed(ComputationGraph g, RegionModels.Kind kind, RegionSet set) {
        float[][] out = new float[set.n][];
        int[] order = set.identity();
        for (int from = 0; from < set.n; from += 256) {
            int to = Math.min(set.n, from + 256);
            INDArray e = g.feedForward(set.inputs(kind, order, from, to), false).get(RegionModels.EMBEDDING);
            for (int i = from; i < to; i++) {
                out[i] = e.getRow(i - from).toFloatVector();
            }
        }
        return out;
    }

    /** Mean, spread and range of the test macro-F1 per kind. */
    public static Map<RegionModels.Kind, SeedStatistics.Spread> spreads(List<Run> runs) {
        Map<RegionModels.Kind, SeedStatistics.Spread> m = new LinkedHashMap<>();
        for (RegionModels.Kind k : RegionModels.Kind.values()) {
            double[] f1 = runs.stream().filter(r -> r.kind() == k).mapToDouble(r -> r.test().macroF1()).toArray();
            if (f1.length > 0) {
                m.put(k, SeedStatistics.Spread.of(f1));
            }
        }
        return m;
    }

    /**
     * True when the fused model beats both single modalities by more than the seed spread: its mean macro-F1 exceeds
     * each one's by more than the larger of the two standard deviations over seeds, and its worst seed is above the
     * other's best.
     */
    public static boolean fusedBeatsBoth(Map<RegionModels.Kind, SeedStatistics.Spread> s) {
        SeedStatistics.Spread fused = s.get(RegionModels.Kind.FUSED);
        if (fused == null) {
            return false;
        }
        for (RegionModels.Kind single : List.of(RegionModels.Kind.IMAGE, RegionModels.Kind.TEXT)) {
            SeedStatistics.Spread o = s.get(single);
            if (o == null) {
                return false;
            }
            double spread = Math.max(fused.sd(), o.sd());
            if (!(fused.mean() - o.mean() > spread && fused.min() > o.max())) {
                return false;
            }
        }
        return true;
    }

    /** The t-SNE maps (PNG) and clustering scores of the first seed's embeddings on the test split. */
    public static List<EmbeddingMaps.Scores> maps(Map<RegionModels.Kind, float[][]> embeddings, RegionSet test,
            int mapPoints, long seed, Path out) throws IOException {
        List<EmbeddingMaps.Scores> scores = new ArrayList<>();
        for (var e : embeddings.entrySet()) {
            String kind = e.getKey().label();
            EmbeddingMaps.Map2d map = EmbeddingMaps.tsne(kind, 0, e.getValue(), test.labels, mapPoints, seed);
            ReportPlots.classMap("t-SNE of the " + kind + " embedding (test split, " + map.xy().length + " regions)",
                    map.xy(), map.labels(), test.classes, out.resolve("tsne-" + kind + ".png"));
            scores.add(EmbeddingMaps.cluster(kind, 0, e.getValue(), test.labels, mapPoints, seed));
        }
        return scores;
    }
}
