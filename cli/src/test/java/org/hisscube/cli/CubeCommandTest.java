package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hisscube cube build} on the real F-star field: one target, the edge galaxy refused with its reason. */
class CubeCommandTest {
    @TempDir
    Path dir;

    static final List<String> FILES = List.of("frames/frame-u-002820-3-0122.fits.bz2",
            "frames/frame-g-002820-3-0122.fits.bz2", "frames/frame-r-002820-3-0122.fits.bz2",
            "frames/frame-i-002820-3-0122.fits.bz2", "frames/frame-z-002820-3-0122.fits.bz2",
            "spectra/spec-3126-54804-0211.fits", "spectra/spec-3127-54835-0622.fits",
            "spectra/spec-7330-56684-0434.fits", "spectra/spec-4238-55455-0037.fits");

    @Test
    void inspectingWhatIsNoTargetSaysWhyWithItsExitCode() throws Exception {
        Path notH5 = Files.writeString(dir.resolve("not-a-target.h5"), "plain text");
        CliRun bad = CliRun.of("inspect", "target", notH5.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        CliRun missing = CliRun.of("inspect", "target", dir.resolve("nope.h5").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        CliRun noUp = CliRun.of("inspect", "target", "4657128951", "--dir", dir.resolve("no-run").toString());
        assertThat(noUp.exitCode()).isEqualTo(3);
        CliRun noStatus = CliRun.of("status", "--dir", dir.resolve("no-run").toString());
        assertThat(noStatus.exitCode()).isEqualTo(3);
    }

    @Test
    void shouldBuildOneTargetAndReportTheRefusedGalaxy() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String f : FILES) {
            Path src = RepoLayout.root().resolve("data/sdss-sample").resolve(f);
            Files.createSymbolicLink(in.resolve(src.getFileName()), src.toAbsolutePath());
        }
        Path out = dir.resolve("cube.h5");
        CliRun run = CliRun.of("cube", "build", in.toString(), "--out", out.toString());
        try {
            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            assertThat(Files.size(out)).isPositive();
            assertThat(run.out()).contains("[1/9] frame-g-002820-3-0122.fits.bz2: ", "[9/9] spec-7330-56684-0434.fits: ");
            assertThat(run.out()).containsPattern("targets +1\\n");
            assertThat(run.out()).containsPattern("STAR +1\\n");
            assertThat(run.out()).containsPattern("refused +1\\n");
            assertThat(run.out()).contains("4657128951", "spec-4238-55455-0037.fits", "EDGE at frame-");

            // the target, inspected: its bands, epochs and spectra, and one picture of cutouts and spectra
            Path png = dir.resolve("pictures/fstar.png");
            CliRun inspect = CliRun.of("inspect", "target", out.toString(), "--png", png.toString());
            assertThat(inspect.exitCode()).as(inspect.err()).isZero();
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(inspect.out());
            assertThat(json.get("target_id").asLong()).isEqualTo(4657128951L);
            assertThat(json.get("class").asText()).isEqualTo("STAR");
            assertThat(json.get("frames_per_band").toString()).isEqualTo("{\"u\":1,\"g\":1,\"r\":1,\"i\":1,\"z\":1}");
            assertThat(json.get("epochs")).hasSize(5);
            assertThat(json.get("spectra")).hasSize(3);
            assertThat(json.get("zooms").get(0).get("spectrum_samples").asInt()).isGreaterThan(1000);
            var picture = javax.imageio.ImageIO.read(png.toFile());
            assertThat(picture.getWidth()).isGreaterThanOrEqualTo(1000);
            assertThat(picture.getHeight()).isGreaterThan(500);
        } finally {
            for (String f : FILES) {
                Files.deleteIfExists(in.resolve(Path.of(f).getFileName()));
            }
        }
    }

    @Test
    void shouldFailWithASentenceWhenTheFolderDoesNotExist() {
        CliRun run = CliRun.of("cube", "build", dir.resolve("nope").toString(), "--out",
                dir.resolve("c.h5").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hisscube: ").contains("nope is not a folder");
    }
}
