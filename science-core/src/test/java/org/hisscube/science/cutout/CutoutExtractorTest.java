package org.hisscube.science.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cutout windows on a synthetic frame whose pixel values encode their own position (value = x + 1000·y). */
class CutoutExtractorTest {
    static final int W = 200;
    static final int H = 150;
    static final CutoutSource SOURCE = new CutoutSource("frame-r-000001-1-0001.fits.bz2", "r", 52261.5);

    static TanWcs wcs;
    static ZoomLevel level;

    @BeforeAll
    static void buildFrame() {
        // 0.396"/pixel, x along +RA, y along +Dec
        wcs = new TanWcs(38.3, -0.1, W / 2.0, H / 2.0, 1.1e-4, 0, 0, 1.1e-4, W, H);
        level = level(W, H, -1, -1);
    }

    /** A level with value x + 1000·y and σ 0.5, except a NaN σ at (nanX, nanY) when nanX ≥ 0. */
    static ZoomLevel level(int w, int h, int nanX, int nanY) {
        float[] data = new float[w * h];
        float[] errors = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                data[y * w + x] = x + 1000f * y;
                errors[y * w + x] = 0.5f;
            }
        }
        if (nanX >= 0) {
            errors[nanY * w + nanX] = Float.NaN;
        }
        TanWcs tan = new TanWcs(38.3, -0.1, w / 2.0, h / 2.0, 1.1e-4, 0, 0, 1.1e-4, w, h);
        return ImagePyramid.of(w, h, data, errors, tan, 1).level(0);
    }

    static CutoutResult at(CutoutExtractor ex, ZoomLevel lvl, double x, double y) {
        double[] radec = lvl.wcs().pixelToWorld(x, y);
        return ex.extract(lvl, SOURCE, radec[0], radec[1]);
    }

    static CutoutResult at(double x, double y) {
        return at(CutoutExtractor.wholeOnly(), level, x, y);
    }

    @Test
    void shouldPutTheObjectsPixelAtWindowIndexHalfTheSize() {
        Cutout c = at(100.3, 70.7).orElseThrow();
        assertThat(c.size()).isEqualTo(64);
        assertThat(c.x0()).as("round(100.3) - 32").isEqualTo(68);
        assertThat(c.y0()).as("round(70.7) - 32").isEqualTo(39);
        assertThat(c.centreIndex()).isEqualTo(32);
        assertThat(c.value(32, 32)).as("window (32, 32) is level pixel (100, 71)").isEqualTo(100 + 1000f * 71);
        assertThat(c.value(0, 0)).isEqualTo(68 + 1000f * 39);
        assertThat(c.value(63, 63)).isEqualTo(131 + 1000f * 102);
        assertThat(c.data()[5 * 64 + 7]).as("row-major: element j*s + i").isEqualTo(c.value(7, 5));
        assertThat(c.windowX()).isCloseTo(32.3, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(c.windowY()).isCloseTo(31.7, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(c.sigma(10, 10)).isEqualTo(0.5f);
        assertThat(c.isWhole()).isTrue();
        assertThat(c.filter()).isEqualTo("r");
        assertThat(c.mjd()).isEqualTo(52261.5);
        assertThat(c.slices()).isEqualTo("39:103, 68:132");
    }

    @Test
    void shouldRoundTheCoordinateInsteadOfTruncatingIt() {
        assertThat(at(100.6, 70.4).orElseThrow().x0()).as("HiSS-Cube would truncate to 100 -> 68").isEqualTo(69);
        assertThat(at(100.6, 70.4).orElseThrow().y0()).isEqualTo(38);
    }

    @Test
    void shouldGiveAWholeCutoutWhenTheWindowTouchesTheFrameEdgeExactly() {
        Cutout left = at(32, 32).orElseThrow();
        assertThat(left.x0()).isZero();
        assertThat(left.y0()).isZero();
        assertThat(left.isWhole()).isTrue();
        Cutout right = at(W - 32, H - 32).orElseThrow();
        assertThat(right.x1()).isEqualTo(W - 1);
        assertThat(right.y1()).isEqualTo(H - 1);
        assertThat(right.value(63, 63)).isEqualTo(W - 1 + 1000f * (H - 1));
        assertThat(at(31.6, 31.6).isCutout()).as("31.6 rounds to 32").isTrue();
    }

    @Test
    void shouldRefuseAWindowOnePixelBeyondAnyEdgeAsEdge() {
        assertEdge(at(31, 60), "left edge (x < 0)", "window x -1..62 y 28..91 of 200×150 at zoom 0");
        assertEdge(at(31.4, 60), "left edge (x < 0)", "window x -1..62");
        assertEdge(at(W - 31, 60), "right edge (x > 199)", "window x 137..200");
        assertEdge(at(100, 31), "bottom edge (y < 0)", "y -1..62");
        assertEdge(at(100, H - 31), "top edge (y > 149)", "y 87..150");
        assertEdge(at(0, 0), "left edge (x < 0) and the bottom edge (y < 0)", "window x -32..31 y -32..31");
        CutoutRefusal onBorder = (CutoutRefusal) at(-0.4, 60);
        assertThat(onBorder.reason()).as("within the outer half pixel: on the frame").isEqualTo(
                CutoutRefusal.Reason.EDGE);
    }

    static void assertEdge(CutoutResult r, String edge, String window) {
        assertThat(r.isCutout()).isFalse();
        CutoutRefusal refusal = (CutoutRefusal) r;
        assertThat(refusal.reason()).isEqualTo(CutoutRefusal.Reason.EDGE);
        assertThat(refusal.message()).contains(window).contains("crosses the " + edge);
        assertThatThrownBy(r::orElseThrow).isInstanceOf(CutoutRefusedException.class).hasMessageContaining("EDGE");
    }

    @Test
    void shouldRefusePositionsOffTheFrameAsOffFrame() {
        for (double[] p : new double[][] {{-0.6, 60}, {100, H - 0.4}, {-5000, 60}, {100, 1e5}}) {
            CutoutRefusal r = (CutoutRefusal) at(p[0], p[1]);
            assertThat(r.reason()).as("pixel (%s, %s)", p[0], p[1]).isEqualTo(CutoutRefusal.Reason.OFF_FRAME);
            assertThat(r.message()).contains("outside the 200×150 frame");
        }
        CutoutRefusal behind = (CutoutRefusal) CutoutExtractor.wholeOnly().extract(level, SOURCE, 218.3, 0.1);
        assertThat(behind.reason()).isEqualTo(CutoutRefusal.Reason.OFF_FRAME);
        assertThat(behind.message()).contains("behind the tangent plane");
        assertThat(Double.isNaN(behind.px())).isTrue();
        CutoutRefusal evenPartial = (CutoutRefusal) at(CutoutExtractor.allowingPartial(), level, -3, 60);
        assertThat(evenPartial.reason()).as("partial cutouts only for positions on the frame").isEqualTo(
                CutoutRefusal.Reason.OFF_FRAME);
    }

    @Test
    void shouldNanPadAPartialCutoutWhenAllowed() {
        Cutout c = at(CutoutExtractor.allowingPartial(), level, 10, 140).orElseThrow();
        assertThat(c.isPartial()).isTrue();
        assertThat(c.isWhole()).isFalse();
        assertThat(c.x0()).isEqualTo(-22);
        assertThat(c.y0()).isEqualTo(108);
        assertThat(c.value(22, 0)).as("level pixel (0, 108)").isEqualTo(108_000f);
        assertThat(c.value(21, 0)).isNaN();
        assertThat(c.sigma(21, 0)).isNaN();
        assertThat(c.value(22, 41)).as("row 149").isEqualTo(149_000f);
        assertThat(c.value(22, 42)).as("row 150 is outside").isNaN();
        int inside = (64 - 22) * (150 - 108);
        assertThat(c.missingPixels()).isEqualTo(64 * 64 - inside);
    }

    @Test
    void shouldRefuseAWindowWithAMissingSigmaUnlessMissingPixelsAreAllowed() {
        ZoomLevel holed = level(W, H, 105, 75);
        CutoutRefusal r = (CutoutRefusal) at(CutoutExtractor.wholeOnly(), holed, 100, 70);
        assertThat(r.reason()).isEqualTo(CutoutRefusal.Reason.MISSING_DATA);
        assertThat(r.missingPixels()).isEqualTo(1);
        assertThat(r.message()).contains("1 missing pixel (NaN value or σ)");
        Cutout c = at(CutoutExtractor.allowingMissingPixels(), holed, 100, 70).orElseThrow();
        assertThat(c.missingPixels()).isEqualTo(1);
        assertThat(c.isWhole()).isFalse();
        assertThat(c.isPartial()).isFalse();
        assertThat(c.sigma(32 + 5, 32 + 5)).isNaN();
        assertThat(at(CutoutExtractor.wholeOnly(), holed, 150, 70).isCutout()).as("hole outside the window")
                .isTrue();
    }

    @Test
    void shouldHalveTheWindowPerZoomAndUseEachZoomsOwnWcs() {
        assertThat(List.of(0, 1, 2, 3).stream().map(CutoutExtractor::sizeAtZoom)).containsExactly(64, 32, 16, 8);
        int n = 512;
        float[] data = new float[n * n];
        float[] errors = new float[n * n];
        java.util.Arrays.fill(errors, 1f);
        data[300 * n + 200] = 100f; // a point at x 200, y 300
        TanWcs tan = new TanWcs(38.3, -0.1, 256.5, 256.5, 1.1e-4, 0, 0, 1.1e-4, n, n);
        ImagePyramid p = ImagePyramid.of(n, n, data, errors, tan, 4);
        double[] radec = tan.pixelToWorld(200, 300);
        List<CutoutResult> all = CutoutExtractor.wholeOnly().extractAllZooms(p, SOURCE, radec[0], radec[1]);
        assertThat(all).hasSize(4);
        for (int z = 0; z < 4; z++) {
            Cutout c = all.get(z).orElseThrow();
            assertThat(c.zoom()).isEqualTo(z);
            assertThat(c.size()).isEqualTo(64 >> z);
            int s2 = c.size() / 2;
            // pixel (200, 300) lies in zoom-z pixel (200 >> z, 300 >> z), whose value is 100 / 4^z
            assertThat(c.value(s2, s2)).as("zoom %d", z).isEqualTo((float) (100 / Math.pow(4, z)));
        }
    }

    @Test
    void shouldRejectNonsenseSizes() {
        assertThatThrownBy(() -> CutoutExtractor.wholeOnly().extract(level, SOURCE, 38.3, -0.1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CutoutExtractor.sizeAtZoom(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
