package org.hisscube.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.hisscube.learning.Evaluation;

/**
 * Turns the trained models of a {@link ModalityComparison} into the report's learning sections: the models, the
 * mean and spread over seeds per kind and zoom, paired comparisons against seed noise, confusion matrices, t-SNE maps
 * and clustering scores, and precision against training and inference time with its knee.
 */
public final class ExperimentAnalysis {
    /** The pairs compared at every zoom (a, b): the informative ones first. */
    static final List<String[]> PAIRS = List.of(new String[] {"image_photometry", "image"},
            new String[] {"fused", "image_photometry"}, new String[] {"fused", "image"},
            new String[] {"image_photometry", "photometry"}, new String[] {"fused", "spectrum"},
            new String[] {"fused", "photometry"}, new String[] {"spectrum", "image"});

    /** Mean and spread of one kind at one zoom. */
    public record Summary(String kind, String modality, int zoom, int seeds, double macroF1Mean, double macroF1Sd,
            double macroF1Min, double macroF1Max, Map<String, Double> perClassF1Mean, double trainSecondsMean,
            double inferenceSecondsMean, long parameters) {
    }

    /** The cheapest zoom of a kind within the noise of its best. */
    public record Knee(String kind, int bestZoom, double bestF1, int kneeZoom, double kneeF1, double timeRatio,
            String statement) {
    }

    private ExperimentAnalysis() {
    }

    public static void write(ExperimentReport report, ExperimentSpec spec, ModalityComparison.Outcome o,
            Consumer<String> progress) {
        try {
            doWrite(report, spec, o, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void doWrite(ExperimentReport report, ExperimentSpec spec, ModalityComparison.Outcome o,
            Consumer<String> progress) throws IOException {
        report.put("models", o.models());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("manifest_version", o.manifestVersion());
        Map<String, Object> perZoom = new LinkedHashMap<>();
        o.zooms().forEach((z, d) -> perZoom.put("z" + z, Map.of("targets_per_split", d.perSplit(),
                "targets_per_split_and_class", d.perClass())));
        data.put("zooms", perZoom);
        report.put("data", data);
        report.put("notes", List.of("SDSS classes come from template fits to the spectra themselves, so a model "
                + "that sees the spectrum is expected near the ceiling; the informative rows are image vs image + "
                + "photometry vs fused, and how each degrades with zoom.",
                "Zoom z bins the cutouts 2^z × 2^z (64, 32, 16 and 8 pixels a side at z = 0..3) and the spectra 2^z "
                + "× in wavelength.",
                "A comparison counts as a difference only when the paired bootstrap interval over test targets (and, "
                + "with ≥ 2 seeds, the paired t interval over seeds) excludes zero; otherwise it is within noise."));

        List<Summary> summaries = summaries(spec, o.models());
        report.put("summary", summaries);
        List<List<Object>> rows = new ArrayList<>();
        for (ModelRun m : o.models()) {
            rows.add(List.of(m.modelId(), m.modality(), m.kind(), m.zoom(), m.seed(), m.macroF1(), m.accuracy(),
                    m.perClassF1().get("GALAXY"), m.perClassF1().get("QSO"), m.perClassF1().get("STAR"),
                    m.validationMacroF1(), m.trainSeconds(), m.inferenceSeconds(), m.epochsRun(), m.parameters(),
                    m.modelBytes(), m.testTargets()));
        }
        report.table("models", "models.csv", List.of("model_id", "modality", "kind", "zoom", "seed", "macro_f1",
                "accuracy", "f1_galaxy", "f1_qso", "f1_star", "validation_macro_f1", "train_seconds",
                "inference_seconds", "epochs_run", "parameters", "model_bytes", "test_targets"), rows);
        rows = new ArrayList<>();
        for (Summary s : summaries) {
            rows.add(List.of(s.kind(), s.modality(), s.zoom(), s.seeds(), s.macroF1Mean(), s.macroF1Sd(),
                    s.macroF1Min(), s.macroF1Max(), s.perClassF1Mean().get("GALAXY"), s.perClassF1Mean().get("QSO"),
                    s.perClassF1Mean().get("STAR"), s.trainSecondsMean(), s.inferenceSecondsMean(), s.parameters()));
        }
        report.table("comparison", "summary.csv", List.of("kind", "modality", "zoom", "seeds", "macro_f1_mean",
                "macro_f1_sd", "macro_f1_min", "macro_f1_max", "f1_galaxy_mean", "f1_qso_mean", "f1_star_mean",
                "train_seconds_mean", "inference_seconds_mean", "parameters"), rows);
        rows = new ArrayList<>();
        for (ModelRun m : o.models()) {
            int[] pred = o.testPredictions().get(m.modelId());
            ModalityComparison.ZoomData zd = o.zooms().get(m.zoom());
            for (int i = 0; i < pred.length; i++) {
                rows.add(List.of(m.modelId(), zd.testIds()[i], Evaluation.CLASSES.get(zd.testTruth()[i]),
                        Evaluation.CLASSES.get(pred[i])));
            }
        }
        report.table("models", "predictions.csv", List.of("model_id", "target_id", "true_class", "predicted_class"),
                rows);

        List<SeedStatistics.Paired> paired = comparisons(spec, o);
        report.put("comparisons", paired);
        rows = new ArrayList<>();
        for (SeedStatistics.Paired p : paired) {
            rows.add(List.of(p.a(), p.b(), p.zoom(), p.seeds(), p.meanDiff(), p.ciLow(), p.ciHigh(), p.pValue(),
                    p.bootLow(), p.bootHigh(), p.verdict()));
        }
        report.table("comparison", "comparisons.csv", List.of("a", "b", "zoom", "seeds", "mean_diff_macro_f1",
                "t_ci_low", "t_ci_high", "t_p_value", "bootstrap_low", "bootstrap_high", "verdict"), rows);

        // macro-F1 against zoom, one line per kind (error bars: sd over seeds)
        List<ReportPlots.Line> lines = new ArrayList<>();
        for (String k : spec.kinds()) {
            List<Summary> ks = summaries.stream().filter(s -> s.kind().equals(k)).toList();
            lines.add(new ReportPlots.Line(k, ks.stream().mapToDouble(Summary::zoom).toArray(),
                    ks.stream().mapToDouble(Summary::macroF1Mean).toArray(),
                    ks.stream().mapToDouble(Summary::macroF1Sd).toArray()));
        }
        ReportPlots.lines("test macro-F1 against zoom (mean ± sd over " + spec.seeds() + " seed(s))",
                "zoom (0 = full resolution; each step bins 2×2)", "test macro-F1", lines, false, 0.0, 1.05,
                report.folder().resolve("macro-f1-by-zoom.png"));
        report.plot("comparison", "macro-f1-by-zoom.png", "Test macro-F1 of every model kind at every zoom, mean and "
                + "standard deviation over the training seeds.");
        for (int zoom : spec.zooms()) {
            for (String k : spec.kinds()) {
                List<ModelRun> ms = o.models().stream().filter(m -> m.zoom() == zoom && m.kind().equals(k)).toList();
                int[][] sum = new int[3][3];
                List<String> truth = new ArrayList<>();
                List<String> pred = new ArrayList<>();
                for (ModelRun m : ms) {
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            sum[i][j] += m.confusion()[i][j];
                            for (int c = 0; c < m.confusion()[i][j]; c++) {
                                truth.add(Evaluation.CLASSES.get(i));
                                pred.add(Evaluation.CLASSES.get(j));
                            }
                        }
                    }
                }
                String file = "confusion-" + k + "-z" + zoom + ".png";
                EvaluationPlots.confusion(Evaluation.of(truth, pred), k + ", zoom " + zoom + ", test split summed "
                        + "over " + ms.size() + " seed(s)", report.folder().resolve(file));
                report.plot("confusion", file, k + " at zoom " + zoom + ": confusion matrix summed over seeds "
                        + "(rows: true class, columns: predicted).");
            }
        }

        // clustering of every first-seed embedding; t-SNE maps at the map zoom
        List<EmbeddingMaps.Scores> scores = new ArrayList<>();
        List<Map<String, Object>> maps = new ArrayList<>();
        for (ModalityComparison.Embedded e : o.embeddings()) {
            EmbeddingMaps.Scores s = EmbeddingMaps.cluster(e.kind(), e.zoom(), e.vectors(), e.labels(),
                    spec.mapPoints(), spec.seed0());
            scores.add(s);
            progress.accept(String.format(Locale.ROOT, "clustering %s z%d: k-means ARI %.3f NMI %.3f, DBSCAN ARI "
                    + "%.3f NMI %.3f (%d clusters)", e.kind(), e.zoom(), s.kmeansAri(), s.kmeansNmi(), s.dbscanAri(),
                    s.dbscanNmi(), s.dbscanClusters()));
            if (e.zoom() == spec.mapZoom()) {
                EmbeddingMaps.Map2d map = EmbeddingMaps.tsne(e.kind(), e.zoom(), e.vectors(), e.labels(),
                        spec.mapPoints(), spec.seed0());
                String file = "tsne-" + e.kind() + "-z" + e.zoom() + ".png";
                ReportPlots.classMap("t-SNE of the " + e.kind() + " embedding, zoom " + e.zoom() + " (" + map.xy().length
                        + " of " + map.ofPoints() + " targets)", map.xy(), map.labels(), Evaluation.CLASSES,
                        report.folder().resolve(file));
                report.plot("maps", file, "t-SNE map of the " + e.kind() + " model's embedding (its penultimate "
                        + "layer), seed " + spec.seed0() + ", coloured by the SDSS class.");
                maps.add(Map.of("kind", e.kind(), "zoom", e.zoom(), "file", file, "points", map.xy().length,
                        "of_points", map.ofPoints(), "seconds", map.seconds()));
                progress.accept(String.format(Locale.ROOT, "t-SNE %s z%d: %d points in %.1f s", e.kind(), e.zoom(),
                        map.xy().length, map.seconds()));
            }
        }
        report.put("clustering", scores);
        report.put("maps", maps);
        rows = new ArrayList<>();
        for (EmbeddingMaps.Scores s : scores) {
            rows.add(List.of(s.kind(), s.zoom(), s.points(), s.dimensions(), s.kmeansAri(), s.kmeansNmi(),
                    s.dbscanAri(), s.dbscanNmi(), s.dbscanClusters(), s.dbscanNoiseFraction(), s.dbscanEps()));
        }
        report.table("maps", "clustering.csv", List.of("kind", "zoom", "points", "dimensions", "kmeans_ari",
                "kmeans_nmi", "dbscan_ari", "dbscan_nmi", "dbscan_clusters", "dbscan_noise_fraction", "dbscan_eps"),
                rows);

        // precision against time
        List<Knee> knees = knees(spec, summaries);
        report.put("precision_vs_time", Map.of("knees", knees, "rule", "the knee is the coarsest (cheapest) zoom "
                + "whose mean macro-F1 is within max(0.01, the seed sd of the best zoom) of the best zoom's"));
        for (String axis : List.of("train", "inference")) {
            List<ReportPlots.Line> tl = new ArrayList<>();
            for (String k : spec.kinds()) {
                List<Summary> ks = summaries.stream().filter(s -> s.kind().equals(k)).toList();
                tl.add(new ReportPlots.Line(k + " (zooms " + ks.stream().map(s -> Integer.toString(s.zoom()))
                        .reduce((a, b) -> a + "," + b).orElse("") + ")", ks.stream().mapToDouble(s -> axis.equals(
                        "train") ? s.trainSecondsMean() : s.inferenceSecondsMean()).toArray(),
                        ks.stream().mapToDouble(Summary::macroF1Mean).toArray(), null));
            }
            String file = "f1-vs-" + axis + "-time.png";
            ReportPlots.lines("test macro-F1 against " + axis + " time (mean over seeds; one point per zoom)",
                    axis + " seconds (log)", "test macro-F1", tl, true, 0.0, 1.05, report.folder().resolve(file));
            report.plot("precision", file, "Macro-F1 against " + axis + " time per model kind; each point is one zoom.");
        }
        report.write();
    }

    public static List<Summary> summaries(ExperimentSpec spec, List<ModelRun> models) {
        List<Summary> out = new ArrayList<>();
        for (String k : spec.kinds()) {
            for (int zoom : spec.zooms()) {
                List<ModelRun> ms = models.stream().filter(m -> m.kind().equals(k) && m.zoom() == zoom).toList();
                if (ms.isEmpty()) {
                    continue;
                }
                SeedStatistics.Spread f1 = SeedStatistics.Spread.of(ms.stream().mapToDouble(ModelRun::macroF1)
                        .toArray());
                Map<String, Double> perClass = new LinkedHashMap<>();
                for (String c : Evaluation.CLASSES) {
                    perClass.put(c, ms.stream().mapToDouble(m -> m.perClassF1().get(c)).average().orElse(0));
                }
                out.add(new Summary(k, ms.get(0).modality(), zoom, ms.size(), f1.mean(), f1.sd(), f1.min(), f1.max(),
                        perClass, ms.stream().mapToDouble(ModelRun::trainSeconds).average().orElse(0),
                        ms.stream().mapToDouble(ModelRun::inferenceSeconds).average().orElse(0),
                        ms.get(0).parameters()));
            }
        }
        return out;
    }

    static List<SeedStatistics.Paired> comparisons(ExperimentSpec spec, ModalityComparison.Outcome o) {
        List<SeedStatistics.Paired> out = new ArrayList<>();
        for (int zoom : spec.zooms()) {
            for (String[] pair : PAIRS) {
                if (!spec.kinds().contains(pair[0]) || !spec.kinds().contains(pair[1])) {
                    continue;
                }
                List<Long> seeds = spec.trainingSeeds();
                double[] fa = new double[seeds.size()];
                double[] fb = new double[seeds.size()];
                int[][] truth = new int[seeds.size()][];
                int[][] pa = new int[seeds.size()][];
                int[][] pb = new int[seeds.size()][];
                for (int i = 0; i < seeds.size(); i++) {
                    String ia = spec.modelId(pair[0], zoom, seeds.get(i));
                    String ib = spec.modelId(pair[1], zoom, seeds.get(i));
                    fa[i] = find(o.models(), ia).macroF1();
                    fb[i] = find(o.models(), ib).macroF1();
                    truth[i] = o.zooms().get(zoom).testTruth();
                    pa[i] = o.testPredictions().get(ia);
                    pb[i] = o.testPredictions().get(ib);
                }
                out.add(SeedStatistics.compare(pair[0], pair[1], zoom, fa, fb, truth, pa, pb,
                        spec.bootstrapResamples(), spec.seed0()));
            }
        }
        return out;
    }

    static List<Knee> knees(ExperimentSpec spec, List<Summary> summaries) {
        List<Knee> out = new ArrayList<>();
        for (String k : spec.kinds()) {
            List<Summary> ks = summaries.stream().filter(s -> s.kind().equals(k)).toList();
            if (ks.isEmpty()) {
                continue;
            }
            Summary best = ks.stream().max(java.util.Comparator.comparingDouble(Summary::macroF1Mean)).orElseThrow();
            double tolerance = Math.max(0.01, best.macroF1Sd());
            Summary knee = ks.stream().filter(s -> s.macroF1Mean() >= best.macroF1Mean() - tolerance)
                    .min(java.util.Comparator.comparingDouble(Summary::trainSecondsMean)).orElse(best);
            double ratio = knee.trainSecondsMean() / best.trainSecondsMean();
            String statement = ks.size() == 1
                    ? String.format(Locale.ROOT, "%s: one zoom (%d) only, macro-F1 %.3f in %.1f s of training; no "
                            + "curve to read a knee from", k, best.zoom(), best.macroF1Mean(), best.trainSecondsMean())
                    : knee == best
                    ? String.format(Locale.ROOT, "%s: the best zoom, %d (macro-F1 %.3f), is also the cheapest within "
                            + "%.3f of it; coarser zooms lose precision", k, best.zoom(), best.macroF1Mean(), tolerance)
                    : String.format(Locale.ROOT, "%s: zoom %d reaches macro-F1 %.3f, within %.3f of the best (zoom "
                            + "%d, %.3f), in %.0f %% of its training time; finer zooms cost more time for gains "
                            + "inside the noise", k, knee.zoom(), knee.macroF1Mean(), tolerance, best.zoom(),
                            best.macroF1Mean(), 100 * ratio);
            out.add(new Knee(k, best.zoom(), best.macroF1Mean(), knee.zoom(), knee.macroF1Mean(), ratio, statement));
        }
        return out;
    }

    private static ModelRun find(List<ModelRun> models, String id) {
        return models.stream().filter(m -> m.modelId().equals(id)).findFirst()
                .orElseThrow(() -> new ExperimentException("no model " + id + " in the run"));
    }
}
