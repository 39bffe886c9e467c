package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `experiment show --refit`: a run's growth fits are recomputed over every finished run of the experiment next to it,
 * later runs included; unfinished runs and (for training) runs that trained something else are left out.
 */
class ExperimentRefitTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A finished (or not) run of N objects whose stages take exactly a · N^b seconds. */
    static void run(Path parent, String id, int objects, boolean finished, int epochs) throws Exception {
        Path folder = Files.createDirectories(parent.resolve(id));
        String stages = String.format(Locale.ROOT, """
                {"fetch": {"seconds": %s, "items": %d, "unit": "files"},
                 "cube": {"seconds": %s, "items": %d, "unit": "files"},
                 "features": {"seconds": %s, "items": %d, "unit": "targets"},
                 "training": {"seconds": %s, "items": 10, "unit": "models"}}""",
                0.5 * objects, 2 * objects, 3 * Math.pow(objects, 0.9), 2 * objects, 0.01 * Math.pow(objects, 1.2),
                objects + 1, 40 * Math.pow(objects, 0.3));
        Files.writeString(folder.resolve("results.json"), String.format(Locale.ROOT, """
                {"experiment": {"name": "sdss", "run_id": "%s", "objects": %d %s},
                 "spec": {"kinds": ["fused"], "zooms": [2, 3], "seeds": 1, "epochs": %d, "patience": 5},
                 "models": [], "plots": [], "tables": [], "stages": %s}
                """, id, objects, finished ? ", \"finished\": \"2026-12-06T00:00:00Z\"" : "", epochs, stages));
    }

    @Test
    void aRunsFitsAreRecomputedOverEveryFinishedRunBesideItLaterRunsIncluded(@TempDir Path root) throws Exception {
        Path parent = root.resolve("sdss");
        run(parent, "r1", 400, true, 30); // trained another spec: not in the training fit
        run(parent, "r2", 1000, true, 20); // the run refitted
        run(parent, "r3", 100, true, 20); // later, same training spec
        run(parent, "r4", 5000, false, 20); // interrupted: never fitted

        CliRun show = CliRun.of("experiment", "show", "sdss", "--root", root.toString(), "--run", "r2", "--refit");

        assertThat(show.exitCode()).as(show.err() + show.out()).isZero();
        assertThat(show.out()).contains("growth fits of run r2 refitted");
        JsonNode sc = JSON.readTree(parent.resolve("r2/results.json").toFile()).path("scalability");
        List<String> runs = new ArrayList<>();
        sc.path("runs").forEach(r -> runs.add(r.path("run_id").asText()));
        assertThat(runs).containsExactlyInAnyOrder("r1", "r2", "r3");
        for (JsonNode f : sc.path("fits")) {
            String stage = f.path("stage").asText();
            switch (stage) {
                case "fetch" -> assertFit(f, 0.5, 1.0, 3);
                case "cube" -> assertFit(f, 3, 0.9, 3);
                case "features" -> assertFit(f, 0.01, 1.2, 3);
                case "training" -> assertFit(f, 40, 0.3, 2);
                default -> throw new AssertionError("unexpected fit " + stage);
            }
        }
        assertThat(sc.path("fits")).hasSize(4);
        assertThat(parent.resolve("r2/stages-by-size.png")).isNotEmptyFile();
        assertThat(parent.resolve("r2/index.html")).isNotEmptyFile();
    }

    static void assertFit(JsonNode f, double a, double b, int points) {
        String stage = f.path("stage").asText();
        assertThat(f.path("points").asInt()).as(stage).isEqualTo(points);
        assertThat(f.path("b").asDouble()).as(stage).isCloseTo(b, within(1e-9));
        assertThat(f.path("a").asDouble()).as(stage).isCloseTo(a, within(1e-9 * a));
    }
}
