package org.hisscube.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hisscube.learning.Evaluation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning sections of a report from a known outcome: two kinds (a good fused model and a poor image model) at
 * two zooms and two seeds on the same 60 test targets. The report adds up, says which model is better, and its
 * consistency check catches a report that does not.
 */
class ExperimentReportTest {
    @TempDir
    static Path dir;
    static Path folder;
    static ExperimentSpec spec = new ExperimentSpec("unit", "r1", 2, 1, List.of(2, 3), List.of("image", "fused"), 5,
            2, 2, 100, 300);

    @BeforeAll
    static void writeReport() {
        folder = dir.resolve("report");
        ExperimentReport report = ExperimentReport.create(folder);
        report.put("spec", spec);
        report.put("experiment", Map.of("name", "unit", "run_id", "r1"));
        ExperimentAnalysis.write(report, spec, outcome(), line -> { });
        report.stage("fetch", 12.5, 40, "files");
        report.write();
    }

    @Test
    void everyModelIsRecordedWithTheContractFields() throws Exception {
        JsonNode r = read();
        assertThat(r.get("models")).hasSize(8);
        JsonNode m = r.get("models").get(0);
        for (String f : List.of("model_id", "modality", "zoom", "seed", "macro_f1", "per_class_f1", "confusion",
                "train_seconds", "inference_seconds")) {
            assertThat(m.has(f)).as(f).isTrue();
        }
        assertThat(m.get("classes").toString()).isEqualTo("[\"GALAXY\",\"QSO\",\"STAR\"]");
        assertThat(r.get("stages").get("fetch").get("per_second").asDouble()).isEqualTo(40 / 12.5);
        assertThat(ReportConsistency.problems(folder)).isEmpty();
    }

    @Test
    void theBetterModelIsCalledBetterAtEveryZoom() throws Exception {
        JsonNode r = read();
        assertThat(r.get("comparisons")).hasSize(2);
        for (JsonNode c : r.get("comparisons")) {
            assertThat(c.get("a").asText()).isEqualTo("fused");
            assertThat(c.get("verdict").asText()).isEqualTo("fused better");
            assertThat(c.get("mean_diff").asDouble()).isPositive();
        }
        JsonNode s = r.get("summary");
        assertThat(s).hasSize(4);
        assertThat(s.get(0).get("macro_f1_sd").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void mapsClusteringAndKneesAreThere() throws Exception {
        JsonNode r = read();
        assertThat(r.get("clustering")).hasSize(4); // both kinds at both zooms
        assertThat(r.get("maps")).hasSize(2); // both kinds at the map zoom
        assertThat(Files.isRegularFile(folder.resolve("tsne-fused-z2.png"))).isTrue();
        assertThat(r.get("precision_vs_time").get("knees")).hasSize(2);
        assertThat(r.get("precision_vs_time").get("knees").get(0).get("statement").asText()).startsWith("image");
        String page = Files.readString(folder.resolve("index.html"));
        assertThat(page).contains("<img src=\"tsne-fused-z2.png\"").contains("confusion-image-z3.png")
                .contains("fused better").doesNotContain("<script");
    }

    @Test
    void theConsistencyCheckCatchesAReportThatDoesNotAddUp(@TempDir Path copy) throws Exception {
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        ObjectNode r = (ObjectNode) ExperimentReport.JSON.readTree(copy.resolve("results.json").toFile());
        ((ObjectNode) r.get("models").get(0)).put("macro_f1", 0.99);
        ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("models").get(1).get("confusion").get(0)).set(0,
                ExperimentReport.JSON.getNodeFactory().numberNode(1000));
        Files.writeString(copy.resolve("results.json"), r.toString());
        Files.writeString(copy.resolve("macro-f1-by-zoom.png"), "not a png");
        Files.delete(copy.resolve("tsne-image-z2.png"));
        List<String> problems = ReportConsistency.problems(copy);
        assertThat(problems).anyMatch(p -> p.contains("macro-F1 is") && p.contains("reported 0.990000"))
                .anyMatch(p -> p.contains("confusion matrix sums to"))
                .anyMatch(p -> p.contains("macro-f1-by-zoom.png is missing or not a PNG"))
                .anyMatch(p -> p.contains("index.html links tsne-image-z2.png"))
                .anyMatch(p -> p.startsWith("summary image z2"));
    }

    private static JsonNode read() throws Exception {
        return ExperimentReport.JSON.readTree(folder.resolve("results.json").toFile());
    }

    /** Fused right 90 % of the time, image 50 %, on the same 60 test targets; embeddings that follow the class. */
    static ModalityComparison.Outcome outcome() {
        Random rng = new Random(1);
        int n = 60;
        long[] ids = new long[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            truth[i] = i % 3;
        }
        List<ModelRun> models = new ArrayList<>();
        Map<String, int[]> predictions = new LinkedHashMap<>();
        Map<Integer, ModalityComparison.ZoomData> zooms = new LinkedHashMap<>();
        List<ModalityComparison.Embedded> embeddings = new ArrayList<>();
        for (int zoom : spec.zooms()) {
            zooms.put(zoom, new ModalityComparison.ZoomData(zoom, Map.of("train", 200, "validation", 40, "test", n),
                    Map.of(), ids, truth));
            for (long seed : spec.trainingSeeds()) {
                for (String kind : spec.kinds()) {
                    double right = kind.equals("fused") ? 0.9 : 0.5;
                    int[] pred = new int[n];
                    List<String> t = new ArrayList<>();
                    List<String> p = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        pred[i] = rng.nextDouble() < right ? truth[i] : (truth[i] + 1 + rng.nextInt(2)) % 3;
                        t.add(Evaluation.CLASSES.get(truth[i]));
                        p.add(Evaluation.CLASSES.get(pred[i]));
                    }
                    Evaluation e = Evaluation.of(t, p);
                    Map<String, Double> per = new LinkedHashMap<>();
                    for (int c = 0; c < 3; c++) {
                        per.put(Evaluation.CLASSES.get(c), e.f1()[c]);
                    }
                    String id = spec.modelId(kind, zoom, seed);
                    models.add(new ModelRun(id, kind.equals("fused") ? "fused" : "image", kind,
                            kind.equals("fused") ? List.of("image", "spectrum", "photometry") : List.of("image"), zoom,
                            seed, e.macroF1(), e.accuracy(), per, e.confusion(), Evaluation.CLASSES, e.macroF1(),
                            10.0 / (zoom + 1) * (kind.equals("fused") ? 2 : 1), 0.1, 5, 4, 1234, 5678, 200, 40, n,
                            7));
                    predictions.put(id, pred);
                    if (seed == spec.seed0()) {
                        float[][] v = new float[150][6];
                        int[] labels = new int[150];
                        for (int i = 0; i < 150; i++) {
                            labels[i] = i % 3;
                            for (int j = 0; j < 6; j++) {
                                v[i][j] = (float) (rng.nextGaussian() + (j == labels[i] ? right * 8 : 0));
                            }
                        }
                        embeddings.add(new ModalityComparison.Embedded(kind, zoom, new long[150], labels, v));
                    }
                }
            }
        }
        return new ModalityComparison.Outcome(7, models, predictions, zooms, embeddings, 42.0);
    }
}
