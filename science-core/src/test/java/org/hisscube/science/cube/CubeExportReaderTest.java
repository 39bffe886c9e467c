package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hisscube.science.SampleData;
import org.hisscube.science.ScienceException;
import org.hisscube.science.hdf5.SpectrumSegmentWriter;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export of the real sample read back: every target array bit for bit, the refusals, and clear errors. */
class CubeExportReaderTest {
    @TempDir
    static Path dir;

    static Path export;
    static CubeExportReader.Contents contents;

    @BeforeAll
    static void writeAndRead() {
        TargetBuilder.Result r = SampleTargets.result();
        export = dir.resolve("cube.h5");
        CubeExportWriter.write(export, r.targets(), 4, r.refusals());
        contents = CubeExportReader.read(export);
    }

    @Test
    void shouldReadBackEveryArrayOfTheTargetsBitForBit() {
        List<Target> written = SampleTargets.result().targets();
        assertThat(contents.zooms()).isEqualTo(4);
        assertThat(contents.targets()).hasSameSizeAs(written).hasSize(1);
        Target read = contents.targets().get(0);
        TargetAssertions.assertSameTarget(read, written.get(0), false);
        assertThat(read.notes()).as("notes are not stored in the export").isEmpty();
        assertThat(read.frameFiles()).containsExactlyInAnyOrderElementsOf(SampleTargets.FRAMES);
        assertThat(read.frames()).extracting(f -> f.filter()).containsExactly("g", "i", "r", "u", "z");
    }

    @Test
    void shouldPreserveNaNs() {
        Target written = SampleTargets.fstar();
        Target read = contents.targets().get(0);
        assertThat(TargetAssertions.nanCount(written.zoom(0).epochSpectra()))
                .as("the sample has missing epoch samples at zoom 0").isPositive();
        for (int z = 0; z < 4; z++) {
            long nans = TargetAssertions.nanCount(written.zoom(z).epochSpectra());
            assertThat(TargetAssertions.nanCount(read.zoom(z).epochSpectra())).isEqualTo(nans);
            assertThat(TargetAssertions.nanCount(read.zoom(z).epochSpectrumErrors()))
                    .isEqualTo(TargetAssertions.nanCount(written.zoom(z).epochSpectrumErrors()));
        }
    }

    @Test
    void shouldReadBackTheRefusals() {
        assertThat(contents.refusals()).isEqualTo(SampleTargets.result().refusals());
        assertThat(contents.refusals().get(0).reasons()).hasSizeGreaterThan(0)
                .allSatisfy(reason -> assertThat(reason).doesNotContain("\n"));
    }

    @Test
    void shouldWriteTheSameBytesFromWhatItRead() throws IOException {
        Path again = dir.resolve("rewritten.h5");
        CubeExportWriter.write(again, contents.targets(), contents.zooms(), contents.refusals());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(export));
    }

    @Test
    void shouldReadOnlyTheZoomsThatWereWritten() {
        Path two = dir.resolve("two-zooms.h5");
        CubeExportWriter.write(two, SampleTargets.result().targets(), 2, List.of());
        CubeExportReader.Contents c = CubeExportReader.read(two);
        assertThat(c.zooms()).isEqualTo(2);
        assertThat(c.refusals()).isEmpty();
        Target t = c.targets().get(0);
        assertThat(t.zooms()).hasSize(2);
        for (int z = 0; z < 2; z++) {
            TargetAssertions.assertSameZoom(t.zoom(z), SampleTargets.fstar().zoom(z), "zoom " + z + " ");
        }
    }

    @Test
    void shouldReadAnExportWithoutTargets() {
        Path empty = dir.resolve("no-targets.h5");
        CubeExportWriter.write(empty, List.of(), 3, SampleTargets.result().refusals());
        CubeExportReader.Contents c = CubeExportReader.read(empty);
        assertThat(c.zooms()).isEqualTo(3);
        assertThat(c.targets()).isEmpty();
        assertThat(c.refusals()).isEqualTo(SampleTargets.result().refusals());

        Path nothing = dir.resolve("nothing.h5");
        CubeExportWriter.write(nothing, List.of(), 1, List.of());
        CubeExportReader.Contents n = CubeExportReader.read(nothing);
        assertThat(n.zooms()).isEqualTo(1);
        assertThat(n.targets()).isEmpty();
        assertThat(n.refusals()).isEmpty();
    }

    @Test
    void shouldRefuseAFileThatIsNotAnExportNamingTheFile() throws IOException {
        SdssSpectrum s = new SpectrumReader().read(SampleData.spectrum(SampleTargets.EDGE_GALAXY));
        Path segment = dir.resolve("spectrum-segment.h5");
        SpectrumSegmentWriter.write(segment, s, SpectrumPyramid.of(s));
        assertThatThrownBy(() -> CubeExportReader.read(segment)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(segment.toString())
                .hasMessageContaining("not a cube export: root attribute hisscube_kind is \"spectrum_segment\"");

        Path text = Files.writeString(dir.resolve("cube.txt"), "dense_cube\n".repeat(200));
        assertThatThrownBy(() -> CubeExportReader.read(text)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(text.toString()).hasMessageContaining("cannot open it as HDF5");

        Path missing = dir.resolve("missing.h5");
        assertThatThrownBy(() -> CubeExportReader.read(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}
