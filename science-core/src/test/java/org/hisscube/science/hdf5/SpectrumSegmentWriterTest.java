package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Path;
import org.hisscube.science.SampleData;
import org.hisscube.science.healpix.Healpix;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrumSegmentWriterTest {
    static final String SEGUE_FSTAR = "spec-3126-54804-0211.fits";
    static final String BOSS_FSTAR = "spec-7330-56684-0434.fits";

    @TempDir
    static Path dir;

    static SdssSpectrum segue;
    static SpectrumPyramid seguePyramid;
    static Path segueSegment;
    static SdssSpectrum boss;
    static Path bossSegment;

    @BeforeAll
    static void writeTwoRealSpectra() {
        SpectrumReader reader = new SpectrumReader();
        segue = reader.read(SampleData.spectrum(SEGUE_FSTAR));
        seguePyramid = SpectrumPyramid.of(segue);
        segueSegment = dir.resolve("spec-3126-54804-0211.h5");
        SegmentFile f = SpectrumSegmentWriter.write(segueSegment, segue, seguePyramid);
        System.out.printf("spectrum segment %s: %d bytes%n", segueSegment.getFileName(), f.sizeBytes());
        boss = reader.read(SampleData.spectrum(BOSS_FSTAR));
        bossSegment = dir.resolve("spec-7330-56684-0434.h5");
        SpectrumSegmentWriter.write(bossSegment, boss, SpectrumPyramid.of(boss));
    }

    static Object md(HdfFile h, String name) {
        return h.getDatasetByPath("metadata/" + name).getData();
    }

    static Object attr(Node node, String name) {
        assertThat(node.getAttribute(name)).as("attribute " + name + " of " + node.getPath()).isNotNull();
        return node.getAttribute(name).getData();
    }

    static void assertSameBits(double[] actual, double[] expected, String what) {
        assertThat(actual.length).as(what).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(actual[i]) != Double.doubleToRawLongBits(expected[i])) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void shouldWriteEveryZoomWithFloat64WavelengthAndFloat32FluxAndErrors() {
        int[] lengths = {4620, 2310, 1155, 577};
        try (HdfFile h = new HdfFile(segueSegment)) {
            for (int z = 0; z < 4; z++) {
                SampledSpectrum s = seguePyramid.zoom(z);
                String g = "zoom_" + z;
                Dataset w = h.getDatasetByPath(g + "/wavelength");
                Dataset f = h.getDatasetByPath(g + "/flux");
                Dataset e = h.getDatasetByPath(g + "/errors");
                assertThat(w.getJavaType()).isEqualTo(double.class);
                assertThat(f.getJavaType()).isEqualTo(float.class);
                assertThat(e.getJavaType()).isEqualTo(float.class);
                assertThat(w.getDimensions()).containsExactly(lengths[z]);
                assertSameBits((double[]) w.getData(), s.wavelength(), g + "/wavelength");
                ImageSegmentWriterTest.assertSameBits((float[]) f.getData(), s.fluxFloat32(), g + "/flux");
                ImageSegmentWriterTest.assertSameBits((float[]) e.getData(), s.sigmaFloat32(), g + "/errors");
                assertThat(attr(f, "units")).isEqualTo("1e-17 erg/s/cm^2/angstrom");
                assertThat(attr(e, "units")).isEqualTo("1e-17 erg/s/cm^2/angstrom");
                assertThat(attr(w, "units")).isEqualTo("angstrom");
                Node group = h.getByPath(g);
                assertThat(attr(group, "NX_class")).isEqualTo("NXdata");
                assertThat(attr(group, "signal")).isEqualTo("flux");
                assertThat(attr(group, "axes")).isEqualTo("wavelength");
                assertThat(attr(group, "zoom")).isEqualTo(z);
            }
            assertThat(attr(h, "NX_class")).isEqualTo("NXroot");
            assertThat(attr(h, "default")).isEqualTo("zoom_0");
            assertThat(attr(h, "hisscube_kind")).isEqualTo("spectrum_segment");
            assertThat(attr(h, "schema_version")).isEqualTo(1);
            assertThat(attr(h, "source_file")).isEqualTo(SEGUE_FSTAR);
            assertThat(h.getAttributes()).doesNotContainKey("_jHDF");
        }
    }

    @Test
    void shouldWriteTheIdentificationClassificationPositionAndTime() {
        try (HdfFile h = new HdfFile(segueSegment)) {
            assertThat(md(h, "plate")).isEqualTo(3126);
            assertThat(md(h, "mjd")).isEqualTo(54804);
            assertThat(md(h, "fiber")).isEqualTo(211);
            assertThat(md(h, "run2d")).isEqualTo(segue.run2d());
            assertThat(md(h, "spectrograph")).isEqualTo("SDSS");
            assertThat(md(h, "fiber_diameter")).isEqualTo(3.0);
            assertThat(md(h, "class")).isEqualTo(segue.className()).isEqualTo("STAR");
            assertThat(md(h, "subclass")).isEqualTo(segue.subClass());
            assertThat(md(h, "z")).isInstanceOf(Double.class).isEqualTo(segue.z());
            assertThat(md(h, "zwarning")).isEqualTo(segue.zWarning());
            assertThat(md(h, "plug_ra")).isInstanceOf(Double.class).isEqualTo(38.301802);
            assertThat(md(h, "plug_dec")).isInstanceOf(Double.class).isEqualTo(segue.plugDec());
            assertThat(md(h, "healpix15")).isInstanceOf(Long.class)
                    .isEqualTo(Healpix.ang2pixNest(15, segue.plugRa(), segue.plugDec()));
            assertThat(md(h, "healpix_order")).isEqualTo(15);
            assertThat(md(h, "tai_seconds")).isInstanceOf(Double.class).isEqualTo(segue.taiSeconds());
            assertThat(md(h, "observation_mjd")).isInstanceOf(Double.class).isEqualTo(segue.observationMjd());
            assertThat(h.getDatasetByPath("metadata/plug_ra").getDataType().getSize()).isEqualTo(8);
            // the same star's order-10 cell is on the r frame's footprint
            assertThat(Healpix.ang2pixNest(10, segue.plugRa(), segue.plugDec())).isEqualTo(4547977L);
            assertThat((Long) md(h, "healpix15") >> 10).isEqualTo(4547977L);
        }
    }

    @Test
    void shouldWriteTwoArcsecondFibersForBoss() {
        try (HdfFile h = new HdfFile(bossSegment)) {
            assertThat(md(h, "spectrograph")).isEqualTo("BOSS");
            assertThat(md(h, "fiber_diameter")).isEqualTo(2.0);
            assertThat(md(h, "run2d")).isEqualTo(boss.run2d());
            Object tai = md(h, "tai_seconds");
            assertThat(tai).isInstanceOf(Double.class);
            assertThat(Double.doubleToRawLongBits((Double) tai))
                    .isEqualTo(Double.doubleToRawLongBits(boss.taiSeconds()));
            assertThat(md(h, "observation_mjd")).isEqualTo(boss.observationMjd());
            assertThat(md(h, "healpix15")).isEqualTo(Healpix.ang2pixNest(15, boss.plugRa(), boss.plugDec()));
        }
    }

    @Test
    void shouldWriteByteIdenticalFilesForTheSameInput() {
        Path again = dir.resolve("again/" + segueSegment.getFileName());
        SpectrumSegmentWriter.write(again, segue, SpectrumPyramid.of(segue));
        assertThat(Hdf5TestSupport.sha256(again)).isEqualTo(Hdf5TestSupport.sha256(segueSegment));
        Path compressed = dir.resolve("deflate.h5");
        Path compressedAgain = dir.resolve("deflate-again.h5");
        SpectrumSegmentWriter.write(compressed, segue, seguePyramid, SegmentCompression.SHUFFLE_DEFLATE);
        SpectrumSegmentWriter.write(compressedAgain, segue, seguePyramid, SegmentCompression.SHUFFLE_DEFLATE);
        assertThat(Hdf5TestSupport.sha256(compressedAgain)).isEqualTo(Hdf5TestSupport.sha256(compressed));
        try (HdfFile h = new HdfFile(compressed)) {
            ImageSegmentWriterTest.assertSameBits((float[]) h.getDatasetByPath("zoom_0/flux").getData(),
                    seguePyramid.zoom(0).fluxFloat32(), "compressed flux");
        }
    }

    @Test
    void shouldKeepMissingSamplesAsNaN() {
        double[] w = {4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007};
        double[] f = {1, Double.NaN, 3, 4, Double.NaN, Double.NaN, 7, 8};
        double[] e = {0.1, 0.1, 0.3, Double.NaN, 0.1, 0.1, 0.7, 0.8};
        SpectrumPyramid p = SpectrumPyramid.build(new SampledSpectrum(w, f, e), 3);
        Path out = dir.resolve("missing.h5");
        SpectrumSegmentWriter.write(out, segue, p);
        try (HdfFile h = new HdfFile(out)) {
            float[] flux = (float[]) h.getDatasetByPath("zoom_0/flux").getData();
            float[] err = (float[]) h.getDatasetByPath("zoom_0/errors").getData();
            assertThat(flux[1]).isNaN();
            assertThat(err[1]).isNaN();
            assertThat(flux[3]).isNaN();
            assertThat(flux[0]).isEqualTo(1f);
            assertThat((float[]) h.getDatasetByPath("zoom_1/flux").getData()).hasSize(4);
            assertThat(((float[]) h.getDatasetByPath("zoom_1/flux").getData())[2]).isNaN();
            assertThat(h.getChildren()).doesNotContainKey("zoom_3");
        }
    }

    @Test
    void shouldRefuseASpectrumWithoutPlugPosition() {
        SdssSpectrum noPosition = SdssSpectrum.builder().fileName("spec-0001-50000-0001.fits").plate(1).mjd(50000)
                .fiberId(1).run2d("26").loglam(new double[] {3.6, 3.6001}).flux(new double[] {1, 2})
                .ivar(new double[] {1, 1}).build();
        Path out = dir.resolve("no-position.h5");
        assertThatThrownBy(() -> SpectrumSegmentWriter.write(out, noPosition, seguePyramid))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plug position");
        assertThat(out).doesNotExist();
    }
}
