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
