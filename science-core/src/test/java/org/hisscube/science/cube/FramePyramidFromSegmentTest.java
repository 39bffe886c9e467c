package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hisscube.science.ScienceException;
import org.hisscube.science.fits.TestFrames;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five real frames of the F-star field, written as image segments and read back with
 * {@link FramePyramid#fromSegment}: the same pyramids (bit for bit), so the same targets.
 */
class FramePyramidFromSegmentTest {
    @TempDir
    static Path dir;

    /** Frame file name → its segment file. */
    static final Map<String, Path> SEGMENTS = new TreeMap<>();
    /** Frame file name → the pyramid read back from its segment (4 zooms). */
    static final Map<String, FramePyramid> FROM_SEGMENT = new TreeMap<>();

    @BeforeAll
    static void writeAndReadTheSegments() {
        SEGMENTS.putAll(SampleTargets.writeSegments(dir));
        SEGMENTS.forEach((name, segment) -> FROM_SEGMENT.put(name, FramePyramid.fromSegment(segment, 4)));
    }

    static FramePyramid original(String name) {
        return SampleTargets.frames().stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
    }

    static void assertSameBits(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void shouldGiveBackEveryLevelOfEveryFrameBitForBitWithTheSameWcs() {
        assertThat(FROM_SEGMENT.keySet()).containsExactlyInAnyOrderElementsOf(SampleTargets.FRAMES);
        for (Map.Entry<String, FramePyramid> e : FROM_SEGMENT.entrySet()) {
            FramePyramid read = e.getValue();
            FramePyramid orig = original(e.getKey());
            assertThat(read.zoomCount()).isEqualTo(4);
            for (int z = 0; z < 4; z++) {
                ZoomLevel a = read.pyramid().level(z);
                ZoomLevel x = orig.pyramid().level(z);
                String what = e.getKey() + " zoom " + z;
                assertThat(a.zoom()).isEqualTo(z);
                assertThat(a.width()).as(what).isEqualTo(2048 >> z);
                assertThat(a.height()).as(what).isEqualTo(1489 >> z);
                assertThat(a.wcs()).as(what + " WCS").isEqualTo(x.wcs());
                assertSameBits(a.dataCopy(), x.dataCopy(), what + " data");
                assertSameBits(a.errorsCopy(), x.errorsCopy(), what + " errors");
            }
        }
    }

    @Test
    void shouldTakeTheSourceFromTheSegmentMetadata() {
        for (Map.Entry<String, FramePyramid> e : FROM_SEGMENT.entrySet()) {
            FramePyramid orig = original(e.getKey());
            assertThat(e.getValue().source()).isEqualTo(orig.source());
            assertThat(e.getValue().fileName()).isEqualTo(e.getKey());
            assertThat(e.getValue().filter()).isEqualTo(e.getKey().substring(6, 7));
            assertThat(e.getValue().source().mjd()).isEqualTo(TestFrames.frame(e.getKey()).mjd());
        }
    }

    @Test
    void shouldGiveEachLevelTheZoomZeroWcsOfTheAttributesBinnedByTwoToTheZoom() {
        Path segment = SEGMENTS.get("frame-r-002820-3-0122.fits.bz2");
        FramePyramid read = FROM_SEGMENT.get("frame-r-002820-3-0122.fits.bz2");
        try (HdfFile h = new HdfFile(segment)) {
            TanWcs wcs0 = wcsOf(h.getByPath("zoom_0"));
            assertThat(wcs0).isEqualTo(TestFrames.frame("frame-r-002820-3-0122.fits.bz2").wcs());
            for (int z = 0; z < 4; z++) {
                assertThat(read.pyramid().level(z).wcs()).as("zoom " + z).isEqualTo(wcs0.atZoom(z))
                        .isEqualTo(wcsOf(h.getByPath("zoom_" + z)));
            }
        }
    }

    static TanWcs wcsOf(Node g) {
        return new TanWcs(d(g, "CRVAL1"), d(g, "CRVAL2"), d(g, "CRPIX1"), d(g, "CRPIX2"), d(g, "CD1_1"), d(g, "CD1_2"),
                d(g, "CD2_1"), d(g, "CD2_2"), (Integer) g.getAttribute("NAXIS1").getData(),
                (Integer) g.getAttribute("NAXIS2").getData());
    }

    static double d(Node g, String name) {
        return (Double) g.getAttribute(name).getData();
    }

    @Test
    void shouldBuildTheSameTargetsFromSegmentsAsFromTheInMemoryPyramids() {
        List<FramePyramid> frames = new ArrayList<>(FROM_SEGMENT.values());
        TargetBuilder.Result fromSegments = new TargetBuilder().build(frames, SampleTargets.spectra(), 4);
        TargetBuilder.Result inMemory = SampleTargets.result();
        assertThat(fromSegments.targets()).hasSameSizeAs(inMemory.targets()).hasSize(1);
        for (int k = 0; k < inMemory.targets().size(); k++) {
            TargetAssertions.assertSameTarget(fromSegments.targets().get(k), inMemory.targets().get(k), true);
        }
        assertThat(fromSegments.refusals()).isEqualTo(inMemory.refusals());
    }

    @Test
    void shouldReadFewerZoomsThanTheSegmentHolds() {
        Path segment = SEGMENTS.get("frame-g-002820-3-0122.fits.bz2");
        FramePyramid two = FramePyramid.fromSegment(segment, 2);
        assertThat(two.zoomCount()).isEqualTo(2);
        assertSameBits(two.pyramid().level(1).dataCopy(),
                original("frame-g-002820-3-0122.fits.bz2").pyramid().level(1).dataCopy(), "g zoom 1");
    }

    @Test
    void shouldRefuseMoreZoomsThanTheSegmentHoldsNamingTheFile() {
        Path segment = SEGMENTS.get("frame-z-002820-3-0122.fits.bz2");
        assertThatThrownBy(() -> FramePyramid.fromSegment(segment, 5)).isInstanceOf(ScienceException.class)
                .hasMessageContaining(segment.toString()).hasMessageContaining("holds 4 zoom(s)")
                .hasMessageContaining("5 asked for");
        assertThatThrownBy(() -> FramePyramid.fromSegment(segment, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
