package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `experiment show --readme`: the README's section of an experiment is rewritten from a report, nothing else. */
class ReadmeSectionTest {
    static final String REPORT = """
            {"experiment": {"run_id": "r2", "started": "2026-12-05T18:46:52Z", "code_version": "abc", "objects": 400,
                            "machine": {}, "command": "./hisscube experiment run sdss --objects 400"},
             "summary": [{"kind": "fused", "zoom": 2, "seeds": 3, "macro_f1_mean": 0.9, "macro_f1_sd": 0.01,
                          "per_class_f1_mean": {"GALAXY": 0.9, "QSO": 0.9, "STAR": 0.9},
                          "train_seconds_mean": 10, "inference_seconds_mean": 0.1}],
             "stages": {"cube": {"seconds": 800, "items": 659, "unit": "files", "per_second": 0.82}},
             "scalability": {
               "runs": [{"run_id": "r1", "objects": 100, "targets": 101, "stages": {"cube": 200.0}},
                        {"run_id": "r2", "objects": 400, "targets": 401, "stages": {"cube": 800.0}}],
               "fits": [{"stage": "cube", "a": 2.0, "b": 1.0, "r2": "NaN", "points": 2}],
               "projection": [{"stage": "cube", "per_instance_objects_per_s": 0.5, "instances_for_1_per_s": 2,
                               "instances_for_10_per_s": 20, "instances_for_100_per_s": 200}],
               "statement": "Growth per stage fitted."}}
            """;

    @Test
    void theSectionBetweenItsMarkersGetsTheTablesFitsAndProjectionAndTheRestStaysAsItWas(@TempDir Path dir)
            throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "# Title\n\nbefore\n<!-- experiment:sdss:begin -->\n"
                + "old results\n<!-- experiment:sdss:end -->\nafter\n");
        JsonNode report = new ObjectMapper().readTree(REPORT);

        ReadmeSection.rewrite(readme, "sdss", Files.createDirectories(dir.resolve("report")), report);

        String text = Files.readString(readme);
        assertThat(text).startsWith("# Title\n\nbefore\n<!-- experiment:sdss:begin -->\n").endsWith(
                "<!-- experiment:sdss:end -->\nafter\n").doesNotContain("old results");
        assertThat(text).contains("| fused | 2 | 3 | 0.900 ± 0.010 |")
                .contains("| r1 | 100 | 101 | – | – | 200.0 |")
                // 2 · N^1 at 10,000 and 100,000; an R² of two sizes is not a number
                .contains("| cube | 2.00 | 1.00 | – | 2 | 20000 | 200000 |")
                .contains("| cube | 0.50 | 2 | 20 | 200 |")
                .contains("Growth per stage fitted.");
    }

    @Test
    void aReadmeWithoutTheMarkersIsRefused(@TempDir Path dir) throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "# no markers\n");
        assertThatThrownBy(() -> ReadmeSection.rewrite(readme, "sdss", dir, new ObjectMapper().readTree(REPORT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experiment:sdss:begin");
        assertThat(readme).hasContent("# no markers");
    }
}
