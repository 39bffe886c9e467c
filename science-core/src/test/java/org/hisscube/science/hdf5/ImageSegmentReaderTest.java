package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.hisscube.science.SampleData;
import org.hisscube.science.ScienceException;
import org.hisscube.science.fits.FrameId;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SkyTable;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading image segments back: exactly what {@link ImageSegmentWriter} wrote, or an error naming file and cause. */
class ImageSegmentReaderTest {
    @TempDir
    static Path dir;

    static Hdf5TestSupport.Real r;
    static Path segment;

    @BeforeAll
    static void writeTheRealRFrame() {
        r = Hdf5TestSupport.realR();
        segment = dir.resolve("frame-r-002820-3-0122.h5");
        ImageSegmentWriter.write(segment, r.frame(), r.pyramid());
    }

    static void assertSameBits(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    static void assertSamePyramid(ImagePyramid actual, ImagePyramid expected, int zooms) {
        assertThat(actual.size()).isEqualTo(zooms);
        for (int z = 0; z < zooms; z++) {
            ZoomLevel a = actual.level(z);
            ZoomLevel e = expected.level(z);
            assertThat(a.zoom()).isEqualTo(z);
            assertThat(a.width()).isEqualTo(e.width());
            assertThat(a.height()).isEqualTo(e.height());
            assertThat(a.wcs()).as("zoom " + z + " WCS").isEqualTo(e.wcs());
            assertSameBits(a.dataCopy(), e.dataCopy(), "zoom " + z + " data");
            assertSameBits(a.errorsCopy(), e.errorsCopy(), "zoom " + z + " errors");
        }
    }

    @Test
    void shouldReadBackTheRealRFrameExactly() {
        ImageSegmentReader.ImageSegment s = ImageSegmentReader.read(segment);
        assertThat(s.file()).isEqualTo(segment);
        assertThat(s.sourceFile()).isEqualTo("frame-r-002820-3-0122.fits.bz2");
        assertThat(s.filter()).isEqualTo("r");
        assertThat(s.mjd()).isEqualTo(r.frame().mjd());
        assertThat(s.zoomCount()).isEqualTo(4);
        assertSamePyramid(s.pyramid(), r.pyramid(), 4);
        assertThat(s.pyramid().level(0).wcs()).isEqualTo(r.frame().wcs());
    }

    @Test
    void shouldReadOnlyTheZoomsAskedFor() {
        ImageSegmentReader.ImageSegment s = ImageSegmentReader.read(segment, 1);
        assertThat(s.zoomCount()).isEqualTo(4);
        assertSamePyramid(s.pyramid(), r.pyramid(), 1);
    }

    @Test
    void shouldReadACompressedSegmentAndKeepNaNs() {
        int w = 40;
        int h = 30;
        TanWcs wcs = new TanWcs(359.999, 89.99, 20.5, 15.5, -1.1e-4, 0, 0, 1.1e-4, w, h);
        float[] image = new float[w * h];
        float[] err = new float[w * h];
        for (int i = 0; i < image.length; i++) {
            image[i] = i % 11 == 0 ? Float.NaN : i * 0.25f - 3;
            err[i] = i % 7 == 0 ? Float.NaN : 0.5f + i;
        }
        ImagePyramid p = ImagePyramid.of(w, h, image, err, wcs, 3);
        Path out = dir.resolve("synthetic-deflate.h5");
        ImageSegmentWriter.write(out, syntheticFrame(wcs, image), p, SegmentCompression.SHUFFLE_DEFLATE);
        ImageSegmentReader.ImageSegment s = ImageSegmentReader.read(out);
        assertThat(s.sourceFile()).isEqualTo("frame-g-000001-1-0001.fits.bz2");
        assertThat(s.filter()).isEqualTo("g");
        assertThat(s.mjd()).isEqualTo(4.5e9 / 86400);
        assertSamePyramid(s.pyramid(), p, 3);
        assertThat(Float.isNaN(s.pyramid().level(0).value(0, 0))).isTrue();
        assertThat(Float.isNaN(s.pyramid().level(0).sigma(7, 0))).isTrue();
    }

    static SdssFrame syntheticFrame(TanWcs wcs, float[] image) {
        int w = wcs.naxis1();
        int h = wcs.naxis2();
        float[] calib = new float[w];
        Arrays.fill(calib, 0.005f);
        return new SdssFrame("frame-g-000001-1-0001.fits.bz2", new FrameId("g", 1, 1, 1), "", 4.5e9, w, h, image,
                calib, new SkyTable(new float[][] {{1f}}, new float[w], new float[h]), wcs, List.of());
    }

    @Test
    void shouldRefuseMoreZoomsThanTheFileHolds() {
        assertThatThrownBy(() -> ImageSegmentReader.read(segment, 5)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(segment.toString())
                .hasMessageContaining("holds 4 zoom(s) (root attribute zoom_count), 5 asked for");
    }

    @Test
    void shouldRefuseASpectrumSegmentNamingItsKind() {
        Path spec = dir.resolve("spec.h5");
        SdssSpectrum s = new SpectrumReader().read(SampleData.spectrum("spec-3126-54804-0211.fits"));
        SpectrumSegmentWriter.write(spec, s, SpectrumPyramid.of(s));
        assertThatThrownBy(() -> ImageSegmentReader.read(spec)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(spec.toString())
                .hasMessageContaining("not an image segment: root attribute hisscube_kind is \"spectrum_segment\"");
    }

    @Test
    void shouldRefuseAFileThatIsNotHdf5() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.h5"), "not HDF5 at all\n".repeat(100));
        assertThatThrownBy(() -> ImageSegmentReader.read(text)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(text.toString()).hasMessageContaining("cannot open it as HDF5");
        Path missing = dir.resolve("missing.h5");
        assertThatThrownBy(() -> ImageSegmentReader.read(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }

    /** A hand-made two-zoom segment; {@code omit} names an item to leave out, {@code zoom1} the WCS of zoom_1. */
    static Path handMade(String name, String omit, TanWcs zoom1) {
        TanWcs wcs0 = new TanWcs(10, 20, 4.5, 3.5, -1e-4, 0, 0, 1e-4, 8, 6);
        ImagePyramid p = ImagePyramid.of(8, 6, new float[48], filled(48, 1f), wcs0, 2);
        Path out = dir.resolve(name);
        SegmentFiles.write(out, f -> {
            f.putAttribute(SegmentLayout.ATTR_KIND, SegmentLayout.KIND_IMAGE);
            f.putAttribute(SegmentLayout.ATTR_SCHEMA_VERSION, 1);
            f.putAttribute(SegmentLayout.ATTR_SOURCE_FILE, "frame-i-000001-1-0001.fits.bz2");
            f.putAttribute(SegmentLayout.ATTR_ZOOM_COUNT, 2);
            for (ZoomLevel l : p.levels()) {
                WritableGroup g = f.putGroup("zoom_" + l.zoom());
                TanWcs w = l.zoom() == 1 && zoom1 != null ? zoom1 : l.wcs();
                g.putAttribute("CTYPE1", "RA---TAN");
                g.putAttribute("CTYPE2", "DEC--TAN");
                double[] v = {w.crval1(), w.crval2(), w.crpix1(), w.crpix2(), w.cd11(), w.cd12(), w.cd21(), w.cd22()};
                String[] n = {"CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1", "CD2_2"};
                for (int i = 0; i < n.length; i++) {
                    g.putAttribute(n[i], v[i]);
                }
                g.putAttribute("NAXIS1", w.naxis1());
                g.putAttribute("NAXIS2", w.naxis2());
                if (!(g.getName() + "/data").equals(omit)) {
                    g.putDataset("data", l.dataRows());
                }
                if (!(g.getName() + "/errors").equals(omit)) {
                    g.putDataset("errors", l.errorRows());
                }
            }
            WritableGroup m = f.putGroup("metadata");
            m.putDataset("filter", "i");
            if (!"metadata/mjd".equals(omit)) {
                m.putDataset("mjd", 51000.5);
            }
        });
        return out;
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void shouldReadAHandMadeSegmentWithEverythingInPlace() {
        ImageSegmentReader.ImageSegment s = ImageSegmentReader.read(handMade("complete.h5", null, null));
        assertThat(s.filter()).isEqualTo("i");
        assertThat(s.mjd()).isEqualTo(51000.5);
        assertThat(s.pyramid().level(1).width()).isEqualTo(4);
        assertThat(s.pyramid().level(1).sigma(3, 2)).isEqualTo(0.5f);
    }

    @Test
    void shouldNameTheMissingDataset() {
        Path noErrors = handMade("no-errors.h5", "zoom_1/errors", null);
        assertThatThrownBy(() -> ImageSegmentReader.read(noErrors)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(noErrors.toString()).hasMessageContaining("zoom_1/errors is missing");
        // zoom 0 alone is still readable
        assertThat(ImageSegmentReader.read(noErrors, 1).pyramid().size()).isEqualTo(1);
        Path noMjd = handMade("no-mjd.h5", "metadata/mjd", null);
        assertThatThrownBy(() -> ImageSegmentReader.read(noMjd)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(noMjd.toString()).hasMessageContaining("metadata/mjd is missing");
    }

    @Test
    void shouldRefuseAZoomWhoseWcsIsNotTheBinnedZoomZeroWcs() {
        TanWcs right = new TanWcs(10, 20, 4.5, 3.5, -1e-4, 0, 0, 1e-4, 8, 6).atZoom(1);
        TanWcs shifted = new TanWcs(right.crval1(), right.crval2(), right.crpix1() + 0.5, right.crpix2(), right.cd11(),
                right.cd12(), right.cd21(), right.cd22(), right.naxis1(), right.naxis2());
        Path bad = handMade("bad-wcs.h5", null, shifted);
        assertThatThrownBy(() -> ImageSegmentReader.read(bad)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(bad.toString())
                .hasMessageContaining("zoom_1 WCS attributes").hasMessageContaining("binned by 2");
    }

    @Test
    void shouldRefuseASegmentWithoutItsKind() {
        Path export = dir.resolve("plain.h5");
        SegmentFiles.write(export, (WritableHdfFile f) -> f.putAttribute("creator", "someone"));
        assertThatThrownBy(() -> ImageSegmentReader.read(export)).isInstanceOf(ScienceException.class)
                .hasMessageStartingWith(export.toString())
                .hasMessageContaining("root attribute hisscube_kind is missing");
    }
}
