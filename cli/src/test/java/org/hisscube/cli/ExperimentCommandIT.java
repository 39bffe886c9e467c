package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.experiments.ReportConsistency;
import org.hisscube.learning.Encoder;
import org.hisscube.localstack.S3Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small experiment through the real broker, S3 server and the five services — a simulated survey of 160 objects
 * plus the bundled real field, one seed, zooms 2 and 3, a few epochs — and its report read back: every number adds
 * up, every plot is a PNG, every model is in the registry and loadable, and the page renders in headless Chromium
 * without console errors.
 */
class ExperimentCommandIT {
    @TempDir
    static Path dir;
    static Path report;
    static CliRun run;
    static JsonNode results;

    @BeforeAll
    static void runTheExperiment() throws Exception {
        report = dir.resolve("reports/it/r1");
        run = CliRun.of("experiment", "run", "it", "--objects", "80", "--per-field", "40", "--seeds", "1",
                "--zooms", "2,3", "--epochs", "4", "--patience", "3", "--real-anchor-trees", "0", "--map-points", "300",
                "--base-port", "18281", "--dir", dir.resolve("work").toString(), "--keep-work", "--out",
                report.toString());
        System.out.println(run.out());
        results = new ObjectMapper().readTree(report.resolve("results.json").toFile());
    }

    @Test
    void theRunGoesThroughEveryStageAndWritesAConsistentReport() {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("[1/7] simulate").contains("[4/7] follow").contains("[5/7] train + evaluate")
                .contains("reached the metrics-service").contains("Report: " + report.resolve("index.html"));
        assertThat(ReportConsistency.problems(report)).isEmpty();
        for (String stage : List.of("simulate", "fetch", "cube", "features", "training", "evaluation")) {
            assertThat(results.get("stages").get(stage).get("seconds").asDouble()).as(stage).isPositive();
        }
        // 5 kinds × 2 zooms × 1 seed, on the targets the services built
        assertThat(results.get("models")).hasSize(10);
        assertThat(results.get("stages").get("features").get("items").asInt()).isGreaterThan(60);
        for (JsonNode m : results.get("models")) {
            assertThat(m.get("test_targets").asInt()).isGreaterThan(5);
        }
        assertThat(results.get("summary_event").get("seen_by_metrics_service").asBoolean()).isTrue();
    }

    @Test
    void everyModelIsInTheRegistryAndLoadsFromTheReport() throws Exception {
        Set<String> ids = new HashSet<>();
        results.get("models").forEach(m -> ids.add(m.get("model_id").asText()));
        // the S3 server's data outlives it: start it again on the run's data and list the registry
        try (S3Server s3 = S3Server.start(dir.resolve("work/stack/s3"));
                S3ObjectStore store = new S3ObjectStore(s3.configFor("hisscube"))) {
            Set<String> registered = new HashSet<>();
            for (String key : store.list("models/")) {
                registered.add(key.split("/")[1]);
            }
            assertThat(registered).containsAll(ids);
            String prefix = "experiments/it/" + results.get("experiment").get("run_id").asText() + "/";
            assertThat(store.list(prefix)).contains(prefix + "results.json", prefix + "index.html");
        }
        for (String id : ids) {
            Encoder e = Encoder.load(report.resolve("models").resolve(id));
            assertThat(e.metadata().modelId()).isEqualTo(id);
        }
    }

    @Test
    void theRealDataSectionHasThePhotometryTrackAndTheFStar() {
        JsonNode real = results.get("real_data");
        assertThat(real.get("photometry").get(0).get("n").asInt()).isGreaterThan(6000);
        assertThat(real.get("photometry").get(0).get("macro_f1").asDouble()).isGreaterThan(0.85);
        assertThat(real.get("target").get("target_id").asLong()).isEqualTo(ExperimentCommand.FSTAR);
        assertThat(real.get("target").get("spectra").asInt()).isEqualTo(3);
        List<String> plots = new ArrayList<>();
        results.get("plots").forEach(p -> plots.add(p.get("file").asText()));
        assertThat(plots).contains("fstar-cutouts.png", "fstar-spectra.png", "real-photometry-confusion.png",
                "simulator/colour-colour.png", "tsne-fused-z2.png", "macro-f1-by-zoom.png", "stages-by-size.png");
    }

    @Test
    void theReportPageRendersInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        Path shot = dir.resolve("report-page.png");
        HeadlessChromium.Render r = HeadlessChromium.render(report.resolve("index.html"), shot, dir.resolve("chr"));
        assertThat(r.consoleErrors()).as(r.log()).isEmpty();
        assertThat(ReportConsistency.problems(report)).isEmpty();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        // kept as a build artifact
        Path kept = Path.of("target/experiment-report-page.png");
        Files.createDirectories(kept.getParent());
        Files.copy(shot, kept, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void listAndShowFindTheReport() {
        CliRun list = CliRun.of("experiment", "list", "--root", dir.resolve("reports").toString());
        assertThat(list.out()).contains("it").contains(report.toString());
        CliRun show = CliRun.of("experiment", "show", "it", "--root", dir.resolve("reports").toString());
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("fused").contains("paired comparisons").contains("stages:");
    }
}
