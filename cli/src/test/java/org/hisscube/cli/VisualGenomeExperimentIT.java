package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hisscube.experiments.ReportConsistency;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image + text experiment on the generated Visual Genome fixture, through a real broker and S3 server
 * (regions as targets on a topic, crops in the store), two seeds: the report adds up, fused beats image-only and
 * text-only by more than the seed spread (the fixture gives each modality half of the class signal), and the page
 * renders in headless Chromium like the SDSS one.
 */
class VisualGenomeExperimentIT {
    @TempDir
    static Path dir;
    static Path report;
    static CliRun run;
    static JsonNode results;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        report = dir.resolve("reports/visual-genome/r1");
        run = CliRun.of("experiment", "run", "visual-genome", "--images", "220", "--seeds", "2", "--epochs", "12",
                "--patience", "4", "--crop", "16", "--map-points", "200", "--dir", dir.resolve("work").toString(),
                "--out", report.toString());
        System.out.println(run.out());
        results = new ObjectMapper().readTree(report.resolve("results.json").toFile());
    }

    @Test
    void theRunGoesThroughTheBrokerAndTheStoreAndWritesAConsistentReport() {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("[3/6] source").contains("[4/6] features: the region targets read back from "
                + "vg.regions").contains("Report: " + report.resolve("index.html"));
        assertThat(ReportConsistency.problems(report)).isEmpty();
        assertThat(results.get("classes")).hasSize(4);
        // 3 kinds × 2 seeds, each on the same test regions
        assertThat(results.get("models")).hasSize(6);
        List<String> modalities = new ArrayList<>();
        results.get("models").forEach(m -> modalities.add(m.get("modality").asText()));
        assertThat(modalities).containsOnly("image", "text", "fused");
        int test = results.get("models").get(0).get("test_targets").asInt();
        assertThat(test).isGreaterThan(20);
        results.get("models").forEach(m -> assertThat(m.get("test_targets").asInt()).isEqualTo(test));
        // every region published was read back and split
        JsonNode data = results.get("data");
        assertThat(data.get("split").get("train").asInt() + data.get("split").get("validation").asInt()
                + data.get("split").get("test").asInt()).isEqualTo(data.get("regions").asInt());
        for (String stage : List.of("source", "features", "training", "maps")) {
            assertThat(results.get("stages").get(stage).get("seconds").asDouble()).as(stage).isPositive();
        }
        assertThat(results.get("cost_per_10k_regions").get("source_and_features_seconds").asDouble()).isPositive();
    }

    @Test
    void fusedBeatsBothSingleModalitiesByMoreThanTheSeedSpread() {
        double fused = mean("fused");
        for (String single : List.of("image", "text")) {
            assertThat(fused - mean(single)).as("fused − " + single).isGreaterThan(Math.max(sd("fused"), sd(single)));
            assertThat(min("fused")).as("fused's worst seed above " + single + "'s best").isGreaterThan(max(single));
        }
        assertThat(results.get("fused_beats_both_beyond_seed_spread").asBoolean()).isTrue();
    }

    @Test
    void eachModelIsSavedAndLoadsWithTheSameParameterCount() throws Exception {
        for (JsonNode m : results.get("models")) {
            Path file = report.resolve(m.get("model_file").asText());
            ComputationGraph g = ComputationGraph.load(file.toFile(), false);
            assertThat(g.numParams()).isEqualTo(m.get("parameters").asLong());
        }
    }

    @Test
    void theTsneMapsOfBothEmbeddingsAndTheFusedOneAreInThePageWhichRendersInHeadlessChromium() throws Exception {
        for (String kind : List.of("image", "text", "fused")) {
            assertThat(report.resolve("tsne-" + kind + ".png")).isRegularFile();
        }
        assertThat(Files.readString(report.resolve("index.html"))).contains("tsne-text.png").contains("tsne-image.png")
                .contains("Label masking");
        Path shot = dir.resolve("page.png");
        HeadlessChromium.Render r = HeadlessChromium.render(report.resolve("index.html"), shot, dir.resolve("chr"));
        assertThat(r.consoleErrors()).as(r.log()).isEmpty();
        assertThat(Files.size(shot)).isGreaterThan(50_000);
    }

    @Test
    void experimentShowPrintsTheCategoriesAndTheSeedSpread() {
        // the report's parent folder is a --root of NAME/RUN folders
        CliRun show = CliRun.of("experiment", "show", "visual-genome", "--root", dir.resolve("reports").toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("regions; test macro-F1").contains("seed spread").contains("fused better");
        results.get("classes").forEach(c -> assertThat(show.out()).contains("F1 " + c.asText()));
        assertThat(show.out()).doesNotContain("GALAXY");
    }

    private static double stat(String kind, String field) {
        for (JsonNode s : results.get("summary")) {
            if (s.get("kind").asText().equals(kind)) {
                return s.get(field).asDouble();
            }
        }
        throw new AssertionError("no summary row for " + kind);
    }

    private static double mean(String kind) {
        return stat(kind, "macro_f1_mean");
    }

    private static double sd(String kind) {
        return stat(kind, "macro_f1_sd");
    }

    private static double min(String kind) {
        return stat(kind, "macro_f1_min");
    }

    private static double max(String kind) {
        return stat(kind, "macro_f1_max");
    }
}
