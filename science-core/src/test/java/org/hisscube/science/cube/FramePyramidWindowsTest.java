package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hisscube.science.ScienceException;
import org.hisscube.science.cutout.Cutout;
import org.hisscube.science.cutout.CutoutExtractor;
import org.hisscube.science.cutout.CutoutRefusal;
import org.hisscube.science.cutout.CutoutResult;
import org.hisscube.science.fits.TestFrames;
import org.hisscube.science.hdf5.ImageSegmentLayout;
import org.hisscube.science.hdf5.ImageSegmentWriter;
import org.hisscube.science.hdf5.SegmentCompression;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading only the cutout windows of an image segment by byte ranges ({@link ImageSegmentLayout#readWindows}) gives
 * the cutouts, refusals and targets that reading the whole segment gives, bit for bit, on the five real frames of the
 * F-star field, for a fraction of the bytes; a layout that does not fit the object is refused.
 */
class FramePyramidWindowsTest {
    @TempDir
    static Path dir;

    static final Map<String, Path> SEGMENTS = new TreeMap<>();
    static final Map<String, ImageSegmentLayout> LAYOUTS = new TreeMap<>();

    @BeforeAll
    static void writeTheSegments() {
        SEGMENTS.putAll(SampleTargets.writeSegments(dir));
        SEGMENTS.forEach((name, segment) -> LAYOUTS.put(name, ImageSegmentLayout.of(segment).orElseThrow()));
    }

    /** Range requests made by {@link #ranges} (all tests). */
    static final AtomicLong REQUESTS = new AtomicLong();

    /** Range reads of a local file, counting the bytes (and the requests in {@link #REQUESTS}). */
    static ImageSegmentLayout.ByteRanges ranges(Path file, AtomicLong bytes) {
        return (offset, length) -> {
            REQUESTS.incrementAndGet();
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                byte[] b = new byte[length];
                f.seek(offset);
                f.readFully(b);
                bytes.addAndGet(length);
                return b;
            }
        };
    }

    static FramePyramid windows(String frame, double ra, double dec, AtomicLong bytes) {
        ImageSegmentLayout l = LAYOUTS.get(frame);
        Path segment = SEGMENTS.get(frame);
        try {
            ImagePyramid p = l.readWindows(TestFrames.frame(frame).wcs(), 4, Files.size(segment), ra, dec,
                    ranges(segment, bytes));
            return new FramePyramid(new org.hisscube.science.cutout.CutoutSource(l.sourceFile(), l.filter(),
                    l.mjd()), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theLayoutNamesTheFrameAndPointsAtEachZoomsArraysInTheFile() throws IOException {
        for (Map.Entry<String, ImageSegmentLayout> e : LAYOUTS.entrySet()) {
            ImageSegmentLayout l = e.getValue();
            FramePyramid orig = FramePyramidFromSegmentTest.original(e.getKey());
            assertThat(l.sourceFile()).isEqualTo(e.getKey());
            assertThat(l.filter()).isEqualTo(orig.filter());
            assertThat(l.mjd()).isEqualTo(orig.source().mjd());
            assertThat(l.zoomCount()).isEqualTo(4);
            assertThat(ImageSegmentLayout.decode(l.encode())).isEqualTo(l);
            assertThat(l.encode()).hasSizeLessThan(400);
            byte[] file = Files.readAllBytes(SEGMENTS.get(e.getKey()));
            for (int z = 0; z < 4; z++) {
                ImageSegmentLayout.Zoom zl = l.zooms().get(z);
                ZoomLevel level = orig.pyramid().level(z);
                assertThat(zl.width()).isEqualTo(level.width());
                assertThat(zl.height()).isEqualTo(level.height());
                float[] data = level.dataCopy();
                float[] errors = level.errorsCopy();
                // the last value of each array, read at the offset the layout gives, is the pyramid's
                int last = data.length - 1;
                ByteBuffer b = ByteBuffer.wrap(file).order(l.order());
                assertThat(Float.floatToRawIntBits(b.getFloat((int) zl.dataOffset() + 4 * last)))
                        .isEqualTo(Float.floatToRawIntBits(data[last]));
                assertThat(Float.floatToRawIntBits(b.getFloat((int) zl.errorsOffset() + 4 * last)))
                        .isEqualTo(Float.floatToRawIntBits(errors[last]));
            }
        }
    }

    @Test
    void cutoutsFromTheWindowsEqualCutoutsFromTheWholeSegmentEverywhereOnAndAroundTheFrame() {
        String frame = "frame-r-002820-3-0122.fits.bz2";
        FramePyramid whole = FramePyramid.fromSegment(SEGMENTS.get(frame), 4);
        TanWcs wcs = whole.pyramid().level(0).wcs();
        // a grid over the frame, its edges and beyond them: whole, partial, edge-crossing and off-frame windows
        int[] xs = {-40, -1, 0, 3, 31, 32, 33, 700, 1024, 2015, 2016, 2040, 2047, 2100};
        int[] ys = {-40, -1, 0, 5, 31, 32, 700, 1456, 1457, 1480, 1488, 1530};
        List<CutoutExtractor> extractors = List.of(CutoutExtractor.wholeOnly(),
                CutoutExtractor.allowingMissingPixels(), CutoutExtractor.allowingPartial());
        int compared = 0;
        int cutouts = 0;
        for (int x : xs) {
            for (int y : ys) {
                double[] radec = wcs.pixelToWorld(x + 0.3, y - 0.2);
                FramePyramid win = windows(frame, radec[0], radec[1], new AtomicLong());
                for (int z = 0; z < 4; z++) {
                    for (CutoutExtractor ex : extractors) {
                        CutoutResult a = ex.extract(win.pyramid(), win.source(), z, radec[0], radec[1]);
                        CutoutResult b = ex.extract(whole.pyramid(), whole.source(), z, radec[0], radec[1]);
                        String at = "pixel (" + x + ", " + y + ") zoom " + z + " " + ex;
                        assertSameResult(a, b, at);
                        compared++;
                        cutouts += a instanceof Cutout ? 1 : 0;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(xs.length * ys.length * 4 * 3);
        assertThat(cutouts).as("some windows give cutouts, some refusals").isBetween(100, compared - 100);
    }

    static void assertSameResult(CutoutResult a, CutoutResult b, String at) {
        assertThat(a.getClass()).as(at).isEqualTo(b.getClass());
        if (a instanceof CutoutRefusal ra) {
            assertThat(ra).as(at).isEqualTo(b);
            return;
        }
        Cutout ca = (Cutout) a;
        Cutout cb = (Cutout) b;
        assertThat(ca.x0()).as(at).isEqualTo(cb.x0());
        assertThat(ca.y0()).as(at).isEqualTo(cb.y0());
        assertThat(ca.isPartial()).as(at).isEqualTo(cb.isPartial());
        FramePyramidFromSegmentTest.assertSameBits(ca.data(), cb.data(), at + " data");
        FramePyramidFromSegmentTest.assertSameBits(ca.errors(), cb.errors(), at + " errors");
    }

    @Test
    void theFStarsTargetFromWindowsIsTheTargetFromWholeSegmentsForAFewPercentOfTheBytes() throws IOException {
        List<SdssSpectrum> spectra = SampleTargets.spectra().stream()
                .filter(s -> SampleTargets.FSTAR_SPECTRA.contains(s.fileName())).toList();
        SdssSpectrum anchor = TargetBuilder.anchor(spectra);
        AtomicLong bytes = new AtomicLong();
        long segmentBytes = 0;
        List<FramePyramid> windowed = new ArrayList<>();
        List<FramePyramid> whole = new ArrayList<>();
        long requests = 0;
        for (String frame : SEGMENTS.keySet()) {
            long before = REQUESTS.get();
            windowed.add(windows(frame, anchor.plugRa(), anchor.plugDec(), bytes));
            requests += REQUESTS.get() - before;
            whole.add(FramePyramid.fromSegment(SEGMENTS.get(frame), 4));
            segmentBytes += Files.size(SEGMENTS.get(frame));
        }
        TargetBuilder.Result a = new TargetBuilder().build(windowed, spectra, 4);
        TargetBuilder.Result b = new TargetBuilder().build(whole, spectra, 4);
        assertThat(a.targets()).hasSize(1);
        TargetAssertions.assertSameTarget(a.targets().get(0), b.targets().get(0), true);
        assertThat(a.refusals()).isEqualTo(b.refusals());
        // 4 zooms × (values + σ) of ≈ s rows × the level's width, s = 64 >> z: ≈ 1.4 MB per 32 MB segment
        assertThat(bytes.get()).as("bytes read of " + segmentBytes).isPositive().isLessThan(segmentBytes / 10);
        // zooms 0 and 1: values and σ lie megabytes apart (2 requests each); zooms 2 and 3: one request for all four
        assertThat(requests).as("range requests for " + SEGMENTS.size() + " frames").isEqualTo(5L * SEGMENTS.size());
        // one request per array and zoom reads fewer bytes in more requests, and gives the same target
        List<FramePyramid> separate = new ArrayList<>();
        AtomicLong separateBytes = new AtomicLong();
        long before = REQUESTS.get();
        for (String frame : SEGMENTS.keySet()) {
            ImageSegmentLayout l = LAYOUTS.get(frame);
            separate.add(new FramePyramid(new org.hisscube.science.cutout.CutoutSource(l.sourceFile(), l.filter(),
                    l.mjd()), l.readWindows(TestFrames.frame(frame).wcs(), 4, Files.size(SEGMENTS.get(frame)),
                    anchor.plugRa(), anchor.plugDec(), ranges(SEGMENTS.get(frame), separateBytes), -1)));
        }
        assertThat(REQUESTS.get() - before).isEqualTo(8L * SEGMENTS.size());
        assertThat(separateBytes.get()).isLessThan(bytes.get());
        TargetAssertions.assertSameTarget(new TargetBuilder().build(separate, spectra, 4).targets().get(0),
                a.targets().get(0), true);
    }

    @Test
    void aWindowedLevelRefusesToBeTakenForTheWholeLevel() {
        String frame = "frame-g-002820-3-0122.fits.bz2";
        TanWcs wcs = TestFrames.frame(frame).wcs();
        double[] radec = wcs.pixelToWorld(1000, 700);
        ZoomLevel level = windows(frame, radec[0], radec[1], new AtomicLong()).pyramid().level(0);
        assertThat(level.isWindow()).isTrue();
        assertThat(level.heldPixels()).containsExactly(968, 668, 64, 64);
        assertThatThrownBy(level::dataCopy).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds only a window");
        assertThatThrownBy(() -> level.value(10, 10)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("outside the window held");
        assertThat(level.value(1000, 700)).isEqualTo(FramePyramidFromSegmentTest.original(frame).pyramid().level(0)
                .value(1000, 700));
    }

    @Test
    void aLayoutThatDoesNotFitTheObjectOrTheFrameIsRefusedNamingTheFrame() throws IOException {
        String frame = "frame-i-002820-3-0122.fits.bz2";
        ImageSegmentLayout l = LAYOUTS.get(frame);
        Path segment = SEGMENTS.get(frame);
        TanWcs wcs = TestFrames.frame(frame).wcs();
        long size = Files.size(segment);
        AtomicLong bytes = new AtomicLong();
        assertThatThrownBy(() -> l.readWindows(wcs, 4, size / 2, wcs.crval1(), wcs.crval2(), ranges(segment, bytes)))
                .isInstanceOf(ScienceException.class).hasMessageContaining(frame).hasMessageContaining("the object has");
        TanWcs other = TestFrames.frame(frame).wcs().binned(2);
        assertThatThrownBy(() -> l.readWindows(other, 4, size, wcs.crval1(), wcs.crval2(), ranges(segment, bytes)))
                .isInstanceOf(ScienceException.class).hasMessageContaining("its WCS");
        assertThatThrownBy(() -> l.readWindows(wcs, 5, size, wcs.crval1(), wcs.crval2(), ranges(segment, bytes)))
                .isInstanceOf(ScienceException.class).hasMessageContaining("5 asked for");
        assertThat(bytes.get()).as("nothing read before the layout was checked").isZero();
        for (String bad : List.of("", "L1|x", "L2|" + l.encode().substring(3), l.encode() + "|12x", l.encode()
                .replace("@", "@-"))) {
            assertThatThrownBy(() -> ImageSegmentLayout.decode(bad)).as(bad).isInstanceOf(ScienceException.class)
                    .hasMessageContaining("not an image segment layout");
        }
    }

    @Test
    void aCompressedSegmentHasNoLayoutAndIsReadWhole() {
        FramePyramid f = SampleTargets.frames().get(0);
        Path segment = dir.resolve("compressed.h5");
        ImageSegmentWriter.write(segment, TestFrames.frame(f.fileName()), f.pyramid(),
                SegmentCompression.SHUFFLE_DEFLATE);
        assertThat(ImageSegmentLayout.of(segment)).isEmpty();
    }
}
