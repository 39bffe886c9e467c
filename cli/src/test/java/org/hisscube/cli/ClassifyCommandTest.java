package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hisscube.simulator.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train photometry} then {@code classify} on catalogs of real objects the model never saw (the held-out
 * rows of a bundled SkyServer catalog), with and without their labels; {@code train modalities} then
 * {@code classify} on the real F-star cube file and one of its spectra.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassifyCommandTest {
    @TempDir
    static Path dir;
    static final String SOURCE = "data/catalogs/Skyserver_SQL2_27_2018 6_51_39 PM.csv";

    Path model;
    Path labelled;
    Path unlabelled;
    int heldOut;

    @BeforeAll
    void trainAndWriteUnseenCatalogs() throws Exception {
        model = dir.resolve("model");
        CliRun train = CliRun.of("train", "photometry", "--trees", "40", "--out", model.toString());
        assertThat(train.exitCode()).as(train.err() + train.out()).isZero();
        assertThat(train.out()).contains("test (held-out real objects", "macro-F1");
        List<String> lines = Files.readAllLines(RepoLayout.root().resolve(SOURCE));
        List<String> with = new ArrayList<>(List.of(lines.get(0)));
        List<String> without = new ArrayList<>(List.of("objid,ra,dec,u,g,r,i,z,plate,mjd,fiberid"));
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            if (SourceCatalog.isHeldOut(Integer.parseInt(c[15]), Integer.parseInt(c[16]), Integer.parseInt(c[17]))) {
                with.add(l);
                without.add(String.join(",", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[15], c[16], c[17]));
            }
        }
        // one object without a u magnitude (SDSS's -9999): a row with no prediction, not a failure
        with.add("1,10.0,0.0,-9999,17,16,15.5,15.2,752,301,4,267,1,STAR,0.0,1,51000,1");
        heldOut = with.size() - 2;
        labelled = dir.resolve("labelled.csv");
        unlabelled = dir.resolve("unlabelled.csv");
        Files.write(labelled, with);
        Files.write(unlabelled, without);
    }

    @Test
    void aLabelledCatalogGetsPredictionsPerRowAndTheMetricsTable() throws Exception {
        Path out = dir.resolve("pred-labelled.csv");
        CliRun run = CliRun.of("classify", labelled.toString(), "--model", model.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).isEqualTo("line,objid,plate,mjd,fiberid,predicted_class,p_galaxy,p_qso,p_star");
        assertThat(rows).hasSize(heldOut + 2);
        for (String r : rows.subList(1, rows.size() - 1)) {
            String[] c = r.split(",", -1);
            assertThat(c[5]).isIn("GALAXY", "QSO", "STAR");
            double sum = Double.parseDouble(c[6]) + Double.parseDouble(c[7]) + Double.parseDouble(c[8]);
            assertThat(sum).isBetween(0.999, 1.001);
        }
        assertThat(rows.get(rows.size() - 1)).endsWith(",,,,");
        assertThat(run.out()).contains("1 without all five magnitudes", "metrics on the " + heldOut
                + " labelled rows");
        Matcher m = Pattern.compile("macro-F1 (\\d\\.\\d+)").matcher(run.out());
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("macro-F1 on unseen real objects").isGreaterThan(0.8);
    }

    @Test
    void anUnlabelledCatalogGetsPredictionsAndNoMetrics() throws Exception {
        Path out = dir.resolve("pred-unlabelled.csv");
        CliRun run = CliRun.of("classify", unlabelled.toString(), "--model", model.toString(), "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(heldOut + 1);
        assertThat(run.out()).doesNotContain("metrics on");
    }

    @Test
    void aCubeFileGetsOneRowPerTargetAndModelAndASpectrumOneRowPerSpectrumModel() throws Exception {
        Path mods = dir.resolve("modalities");
        CliRun train = CliRun.of("train", "modalities", "--objects", "32", "--zoom", "3", "--epochs", "2", "--out",
                mods.toString());
        assertThat(train.exitCode()).as(train.err() + train.out()).isZero();
        Path in = java.nio.file.Files.createDirectories(dir.resolve("field"));
        for (String f : CubeCommandTest.FILES) {
            Path src = RepoLayout.root().resolve("data/sdss-sample").resolve(f);
            java.nio.file.Files.createSymbolicLink(in.resolve(src.getFileName()), src.toAbsolutePath());
        }
        Path cube = dir.resolve("fstar.h5");
        assertThat(CliRun.of("cube", "build", in.toString(), "--out", cube.toString()).exitCode()).isZero();

        Path out = dir.resolve("pred-cube.csv");
        CliRun run = CliRun.of("classify", cube.toString(), "--model", mods.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).isEqualTo("file,target_id,model_id,predicted_class,p_galaxy,p_qso,p_star");
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.split(",")[2])
                .containsExactly("fused-z3", "image-z3", "photometry-z3", "spectrum-z3");
        for (String r : rows.subList(1, rows.size())) {
            String[] c = r.split(",");
            assertThat(c[0]).isEqualTo("fstar.h5");
            assertThat(c[1]).isEqualTo("4657128951");
            assertThat(Double.parseDouble(c[4]) + Double.parseDouble(c[5]) + Double.parseDouble(c[6]))
                    .isBetween(0.999, 1.001);
        }

        Path spec = dir.resolve("pred-spec.csv");
        CliRun s = CliRun.of("classify", RepoLayout.root().resolve("data/sdss-sample/spectra/spec-3126-54804-0211.fits")
                .toString(), "--model", mods.toString(), "--out", spec.toString());
        assertThat(s.exitCode()).as(s.err() + s.out()).isZero();
        assertThat(Files.readAllLines(spec)).hasSize(2).element(1).asString()
                .startsWith("spec-3126-54804-0211.fits,,spectrum-z3,");
    }

    @Test
    void aMissingModelOrAFileThatIsNotACatalogIsRefusedWithAReason() {
        CliRun noModel = CliRun.of("classify", labelled.toString(), "--model", dir.resolve("none").toString(), "--out",
                dir.resolve("x.csv").toString());
        assertThat(noModel.exitCode()).isNotZero();
        assertThat(noModel.err()).contains("no such model file");
        CliRun other = CliRun.of("classify", RepoLayout.root().resolve("data/PROVENANCE.md").toString(), "--out",
                dir.resolve("y.csv").toString());
        assertThat(other.exitCode()).isNotZero();
        assertThat(other.err()).contains("classify takes a catalog CSV, a spec-*.fits spectrum or a cube export");
        CliRun noModels = CliRun.of("classify", RepoLayout.root().resolve(
                "data/sdss-sample/spectra/spec-3126-54804-0211.fits").toString(), "--model",
                dir.resolve("empty").toString(), "--out", dir.resolve("z.csv").toString());
        assertThat(noModels.exitCode()).isNotZero();
        assertThat(noModels.err()).contains("no models in");
    }
}
