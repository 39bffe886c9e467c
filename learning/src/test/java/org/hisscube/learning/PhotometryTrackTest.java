package org.hisscube.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hisscube.simulator.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real-data photometry track on the bundled catalogs: the split, a small model, its metrics, its files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhotometryTrackTest {
    @TempDir
    static Path dir;

    LabelledCatalog catalog;
    PhotometryModel model;
    List<LabelledCatalog.Row> test;

    @BeforeAll
    void trainASmallModel() {
        catalog = LabelledCatalog.load(repo().resolve("data/catalogs"));
        List<LabelledCatalog.Row> train = catalog.part(LabelledCatalog.Part.TRAIN);
        // every 8th training row and 40 trees: the real code path in a few seconds
        List<LabelledCatalog.Row> some = new ArrayList<>();
        for (int i = 0; i < train.size(); i += 8) {
            some.add(train.get(i));
        }
        model = PhotometryModel.train(some, new PhotometryModel.Settings(40, 5, 0.3, 7));
        test = catalog.part(LabelledCatalog.Part.TEST);
    }

    @Test
    void theSplitIsFixedByTheKeyAndTheTestPartIsTheSimulatorsHeldOutObjects() {
        assertThat(catalog.rows().size()).isGreaterThan(50_000);
        Set<String> keys = new HashSet<>();
        for (LabelledCatalog.Row r : catalog.rows()) {
            assertThat(keys.add(r.plate() + "/" + r.mjd() + "/" + r.fiber())).as("deduplicated").isTrue();
            assertThat(r.part() == LabelledCatalog.Part.TEST)
                    .isEqualTo(SourceCatalog.isHeldOut(r.plate(), r.mjd(), r.fiber()));
            assertThat(LabelledCatalog.partOf(r.plate(), r.mjd(), r.fiber())).isEqualTo(r.part());
        }
        double n = catalog.rows().size();
        assertThat(test.size() / n).isCloseTo(0.10, within(0.01));
        assertThat(catalog.part(LabelledCatalog.Part.VALIDATION).size() / n).isCloseTo(0.10, within(0.01));
        assertThat(catalog.counts().conflictingKeys()).as("keys two files label differently, dropped")
                .isPositive();
    }

    @Test
    void theModelBeatsTheMajorityClassOnHeldOutRealObjects() {
        Evaluation e = model.evaluate(test);
        Map<String, Long> byClass = new java.util.TreeMap<>();
        test.forEach(r -> byClass.merge(r.className(), 1L, Long::sum));
        double majority = byClass.values().stream().mapToLong(Long::longValue).max().orElseThrow() / (double) test.size();
        assertThat(e.accuracy()).as("accuracy vs majority %.3f", majority).isGreaterThan(majority + 0.2);
        assertThat(e.macroF1()).isGreaterThan(0.85);
        assertThat(e.n()).isEqualTo(test.size());
    }

    @Test
    void saveThenLoadGivesIdenticalProbabilities() {
        Path folder = dir.resolve("model");
        model.save(folder, Map.of("seed", 7));
        PhotometryModel back = PhotometryModel.load(folder);
        for (LabelledCatalog.Row r : test.subList(0, 500)) {
            assertThat(back.probabilities(r.vector())).isEqualTo(model.probabilities(r.vector()));
        }
        assertThat(folder.resolve(PhotometryModel.METADATA_FILE)).content().contains("\"features\"", "\"u-g\"");
    }

    @Test
    void aCorruptOrMissingModelFileIsRefusedByName() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.write(bad.resolve(PhotometryModel.MODEL_FILE), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> PhotometryModel.load(bad)).isInstanceOf(LearningException.class)
                .hasMessageContaining(PhotometryModel.MODEL_FILE);
        assertThatThrownBy(() -> PhotometryModel.load(dir.resolve("none"))).isInstanceOf(LearningException.class)
                .hasMessageContaining("no such model file");
    }

    @Test
    void theMetricsAreTheTextbookOnesOnAHandCountedCase() {
        Evaluation e = Evaluation.of(List.of("STAR", "STAR", "GALAXY", "QSO", "QSO", "QSO"),
                List.of("STAR", "GALAXY", "GALAXY", "QSO", "QSO", "STAR"));
        assertThat(e.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
        // GALAXY: P 1/2 R 1 F1 2/3; QSO: P 1 R 2/3 F1 0.8; STAR: P 1/2 R 1/2 F1 1/2
        assertThat(e.f1()).containsExactly(new double[] {2 / 3.0, 0.8, 0.5}, within(1e-12));
        assertThat(e.macroF1()).isCloseTo((2 / 3.0 + 0.8 + 0.5) / 3, within(1e-12));
        assertThat(e.confusion()[2]).containsExactly(1, 0, 1);
    }

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("data/catalogs"))) {
                return p;
            }
        }
        throw new IllegalStateException("data/catalogs not found");
    }
}
