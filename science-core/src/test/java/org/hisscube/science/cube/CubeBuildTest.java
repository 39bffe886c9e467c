package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cube build} over a folder of the real files gives the same arrays as the builder and writer directly. */
class CubeBuildTest {
    @TempDir
    Path dir;

    @Test
    void shouldBuildTheSameCubeFromAFolderAsFromTheBuilder() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("frames/nested"));
        Files.createDirectories(in.resolve("spectra"));
        for (Path p : SampleTargets.inputPaths()) {
            String name = p.getFileName().toString();
            Path link = name.startsWith("frame-u") ? in.resolve("frames/nested").resolve(name)
                    : name.startsWith("frame-") ? in.resolve("frames").resolve(name) : in.resolve("spectra").resolve(name);
            Files.createSymbolicLink(link, p.toAbsolutePath());
        }
        Files.writeString(in.resolve("README.txt"), "not an input");
        Path out = dir.resolve("out/cube.h5");
        List<String> progress = new ArrayList<>();
        CubeBuild.Summary s = CubeBuild.run(in, out, 4, progress::add);
        assertThat(s.frameFiles()).hasSize(5);
        assertThat(s.spectrumFiles()).hasSize(4);
        assertThat(s.skipped()).isEmpty();
        assertThat(s.targets()).hasSize(1);
        assertThat(s.targets().get(0).id()).isEqualTo(SampleTargets.FSTAR_ID);
        assertThat(s.refusals()).hasSize(1);
        assertThat(s.targetsPerClass()).containsOnlyKeys("STAR");
        assertThat(progress).anyMatch(l -> l.matches("\\[\\d/9\\] frame-r-002820-3-0122\\.fits\\.bz2: \\d+\\.\\d s"));
        assertThat(progress).anyMatch(l -> l.startsWith("[9/9] spec-7330-56684-0434.fits: "));

        // same bytes as writing the builder's result directly
        Path direct = dir.resolve("direct.h5");
        TargetBuilder.Result r = SampleTargets.result();
        CubeExportWriter.write(direct, r.targets(), 4, r.refusals());
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(direct));
        try (HdfFile f = new HdfFile(out)) {
            assertThat(f.getDatasetByPath(CubeExportWriter.imageCube(0)).getDimensions()).containsExactly(1, 5, 64, 64);
        }
        for (Path p : SampleTargets.inputPaths()) { // the links, so that @TempDir need not warn about them
            String name = p.getFileName().toString();
            Files.deleteIfExists(in.resolve("frames/nested").resolve(name));
            Files.deleteIfExists(in.resolve("frames").resolve(name));
            Files.deleteIfExists(in.resolve("spectra").resolve(name));
        }
    }

    @Test
    void shouldRefuseAFolderWithoutInputs() throws IOException {
        Files.writeString(dir.resolve("x.txt"), "x");
        assertThatThrownBy(() -> CubeBuild.run(dir, dir.resolve("c.h5"), 4, l -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no frame-*.fits");
        assertThatThrownBy(() -> CubeBuild.run(dir.resolve("missing"), dir.resolve("c.h5"), 4, l -> { }))
                .hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> CubeBuild.run(dir, dir.resolve("c.h5"), 9, l -> { }))
                .hasMessageContaining("zooms must be 1..4");
    }
}
