package org.hisscube.science.calib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.hisscube.science.SampleData;
import org.hisscube.science.fits.FrameId;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SkyTable;
import org.hisscube.science.fits.TestFrames;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameCalibratorTest {
    static final double REL = 1e-6;

    static SdssFrame r;
    static CalibratedImage calibrated;
    static JsonNode reference;
    static final FrameCalibrator calibrator = new FrameCalibrator();

    @BeforeAll
    static void calibrateRealFrame() throws IOException {
        r = TestFrames.frame(TestFrames.R_FRAME);
        calibrated = calibrator.calibrate(r);
        reference = new ObjectMapper().readTree(SampleData.reference("frame_reference.json").toFile());
    }

    static void assertRelative(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected)
                .isLessThanOrEqualTo(REL * Math.abs(expected));
    }

    @Test
    void shouldMatchIndependentReferenceAtThreePixels() {
        assertThat(reference.get("file").asText()).isEqualTo(r.fileName());
        assertThat(reference.get("pixels")).hasSize(3);
        for (JsonNode p : reference.get("pixels")) {
            int x = p.get("x").asInt();
            int y = p.get("y").asInt();
            String at = "(" + x + ", " + y + ") ";
            PixelCalibration px = calibrator.calibratePixel(r, x, y);
            assertRelative(px.value(), p.get("value_nmgy").asDouble(), at + "value");
            assertRelative(px.sigma(), p.get("sigma_nmgy").asDouble(), at + "sigma");
            assertRelative(px.skyDn(), p.get("sky_dn").asDouble(), at + "sky_dn");
            assertRelative(px.calibration(), p.get("calib_nmgy_per_dn").asDouble(), at + "calib");
            // the whole-frame arrays hold the same, in float32
            assertRelative(calibrated.value(x, y), p.get("value_nmgy").asDouble(), at + "image value");
            assertRelative(calibrated.sigma(x, y), p.get("sigma_nmgy").asDouble(), at + "image sigma");
        }
        assertThat(calibrated.gain()).isEqualTo(4.72);
        assertThat(calibrated.darkVariance()).isEqualTo(1.3225);
    }

    @Test
    void shouldMapTheFStarPositionToTheReferencePixel() {
        JsonNode fstar = reference.get("fstar");
        double[] xy = r.wcs().worldToPixel(fstar.get("plug_ra").asDouble(), fstar.get("plug_dec").asDouble());
        assertThat(xy[0]).isCloseTo(fstar.get("r_frame_pixel").get("x").asDouble(), within(1e-3));
        assertThat(xy[1]).isCloseTo(fstar.get("r_frame_pixel").get("y").asDouble(), within(1e-3));
        assertThat(fstar.get("plug_ra").asDouble()).isEqualTo(38.301802);
    }

    @Test
    void shouldGiveTheSameValuesPixelByPixelAndForTheWholeFrame() {
        int[][] pixels = {{0, 0}, {2047, 1488}, {779, 482}, {1024, 745}, {3, 1400}, {2000, 7}};
        for (int[] p : pixels) {
            PixelCalibration px = calibrator.calibratePixel(r, p[0], p[1]);
            assertThat(calibrated.sigma(p[0], p[1])).isEqualTo((float) px.sigma());
            assertThat(calibrated.value(p[0], p[1])).isEqualTo((float) px.value());
        }
        assertThat(calibrated.width()).isEqualTo(2048);
        assertThat(calibrated.height()).isEqualTo(1489);
        assertThat(calibrated.id()).isEqualTo(r.id());
        assertThat(calibrated.wcs()).isEqualTo(r.wcs());
        assertThat(calibrated.missingSigmaCount()).isZero();
        assertThat(calibrated.dataCopy()).isEqualTo(r.imageCopy());
    }

    /**
     * Calibrating again gives the same bytes and leaves the frame as it was (the values are shared with the frame,
     * so a calibration that wrote into them would show here). How fast a whole frame calibrates is a benchmark's
     * business ({@code ./hisscube bench ingest}), not a unit test's.
     */
    @Test
    void shouldGiveTheSameResultOnEveryCalibrationAndLeaveTheFrameUnchanged() {
        float[] imageBefore = r.imageCopy();
        CalibratedImage again = calibrator.calibrate(r);
        assertThat(again.dataCopy()).isEqualTo(calibrated.dataCopy());
        assertThat(again.errorsCopy()).isEqualTo(calibrated.errorsCopy());
        assertThat(again.missingSigmaCount()).isEqualTo(calibrated.missingSigmaCount()).isZero();
        assertThat(r.imageCopy()).isEqualTo(imageBefore);
        // every sigma is finite and positive: the frame's counts plus sky are positive everywhere
        float[] errors = again.errorsCopy();
        for (int i = 0; i < errors.length; i++) {
            if (!(errors[i] > 0) || !Float.isFinite(errors[i])) {
                throw new AssertionError("sigma[" + i + "] = " + errors[i] + " is not finite and positive");
            }
        }
    }

    @Test
    void shouldInterpolateAShortSkyGridAndClampItsEdges() {
        // frame-g-003565-1-0058 has 191 sky rows and YINTERP starting at -0.4375 (below the grid)
        SdssFrame g = TestFrames.frame(TestFrames.SHORT_SKY_FRAME);
        SkyTable sky = g.sky();
        assertThat(sky.rows()).isEqualTo(191);
        CalibratedImage cal = calibrator.calibrate(g);
        assertThat(cal.missingSigmaCount()).isZero();
        assertThat(cal.gain()).isEqualTo(ccdGain(1, "g", 3565)).isEqualTo(3.32);
        assertThat(cal.darkVariance()).isEqualTo(ccdDark(1, "g", 3565)).isEqualTo(15.6025);
        for (int[] p : new int[][] {{0, 0}, {2047, 1488}, {1000, 700}, {5, 1488}}) {
            int x = p[0];
            int y = p[1];
            double expectedSky = naiveSky(sky, x, y);
            PixelCalibration px = calibrator.calibratePixel(g, x, y);
            assertThat(px.skyDn()).isCloseTo(expectedSky, within(1e-9));
            double dn = g.pixel(x, y) / (double) g.calibration(x) + expectedSky;
            double sigma = Math.sqrt(dn / px.gain() + px.darkVariance()) * g.calibration(x);
            assertThat((double) cal.sigma(x, y)).isCloseTo(sigma, within(1e-6 * sigma));
        }
        // row 0 lies below the grid: constant in y, equal to grid row 0 interpolated along x
        assertThat(calibrator.calibratePixel(g, 0, 0).skyDn()).isEqualTo(sky.allSky(0, 0), within(0.0));
    }

    static double ccdGain(int camcol, String f, int run) {
        return CcdCalibration.sdss().gain(camcol, f, run);
    }

    static double ccdDark(int camcol, String f, int run) {
        return CcdCalibration.sdss().darkVariance(camcol, f, run);
    }

    /** Textbook bilinear interpolation with clamping, written independently of SkyInterpolator. */
    static double naiveSky(SkyTable sky, int x, int y) {
        double cx = Math.min(Math.max(sky.xInterp(x), 0), sky.cols() - 1);
        double cy = Math.min(Math.max(sky.yInterp(y), 0), sky.rows() - 1);
        int ix = Math.min((int) Math.floor(cx), sky.cols() - 2);
        int iy = Math.min((int) Math.floor(cy), sky.rows() - 2);
        double tx = cx - ix;
        double ty = cy - iy;
        return (1 - tx) * (1 - ty) * sky.allSky(iy, ix) + tx * (1 - ty) * sky.allSky(iy, ix + 1)
                + (1 - tx) * ty * sky.allSky(iy + 1, ix) + tx * ty * sky.allSky(iy + 1, ix + 1);
    }

    @Test
    void shouldMarkSigmaMissingWhereTheVarianceIsNegativeOrNotFinite() {
        // 4x2 synthetic frame, camcol 3 r (gain 4.72, dark variance 1.3225), cimg 0.005, sky 10 DN everywhere
        float[] image = {1f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY,
                // dn = -20/0.005 + 10 = -3990 -> variance -845 < 0
                -20f, 0.5f, -0.0495f, -0.04f};
        float[] cimg = {0.005f, 0.005f, 0.005f, 0.005f};
        SkyTable sky = new SkyTable(new float[][] {{10f, 10f}, {10f, 10f}}, new float[] {0, 0.5f, 1, 7},
                new float[] {-3, 3});
        TanWcs wcs = new TanWcs(38.3, -0.1, 2, 1, 0, 1.1e-4, 1.1e-4, 0, 4, 2);
        SdssFrame frame = new SdssFrame("synthetic.fits", new FrameId("r", 2820, 3, 122), "301", 4.5e9, 4, 2, image,
                cimg, sky, wcs, List.of());
        CalibratedImage cal = calibrator.calibrate(frame);
        double c = 0.005f;
        assertThat((double) cal.sigma(0, 0)).isCloseTo(Math.sqrt((1 / c + 10) / 4.72 + 1.3225) * c, within(1e-9));
        assertThat(cal.sigma(1, 0)).isCloseTo((float) (Math.sqrt(10 / 4.72 + 1.3225) * c), within(1e-9f));
        assertThat(cal.value(2, 0)).isNaN();
        assertThat(cal.sigma(2, 0)).isNaN();
        assertThat(cal.value(3, 0)).as("non-finite values are stored as NaN").isNaN();
        assertThat(cal.sigma(3, 0)).isNaN();
        assertThat(cal.value(0, 1)).isEqualTo(-20f);
        assertThat(cal.sigma(0, 1)).as("negative variance").isNaN();
        assertThat(cal.sigma(1, 1)).isPositive();
        // -0.0495/0.005 + 10 = 0.1 DN -> variance > 0; -0.04/0.005 + 10 = 2 DN
        assertThat(cal.sigma(2, 1)).isPositive();
        assertThat(cal.missingSigmaCount()).isEqualTo(3);
        assertThat(calibrator.calibratePixel(frame, 0, 1).sigma()).isNaN();
        assertThat(calibrator.calibratePixel(frame, 0, 1).dn()).isCloseTo(-20 / c + 10, within(1e-9));
    }

    @Test
    void shouldGiveEveryPixelOfTheWholeFrameBitForBitAsThePixelModel() {
        // random values with NaN, ±inf, -0.0 and values far below the sky (negative variance); XINTERP and YINTERP
        // run beyond the grid on both sides, so clamped and interior interpolation both occur
        Random random = new Random(11);
        int w = 37;
        int h = 23;
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, -30f};
        float[] image = new float[w * h];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)]
                    : (float) (random.nextGaussian() * 0.2);
        }
        float[] cimg = new float[w];
        for (int x = 0; x < w; x++) {
            cimg[x] = (float) (0.004 + 0.002 * random.nextDouble());
        }
        float[] xInterp = new float[w];
        for (int x = 0; x < w; x++) {
            xInterp[x] = -1f + 4f * x / (w - 1);
        }
        float[] yInterp = new float[h];
        for (int y = 0; y < h; y++) {
            yInterp[y] = -1.5f + 5f * y / (h - 1);
        }
        SkyTable sky = new SkyTable(new float[][] {{10, 12, 9}, {11, 13, 10}, {9, 8, 12}, {14, 10, 11}}, xInterp,
                yInterp);
        TanWcs wcs = new TanWcs(38.3, -0.1, w / 2.0, h / 2.0, 0, 1.1e-4, 1.1e-4, 0, w, h);
        SdssFrame frame = new SdssFrame("synthetic.fits", new FrameId("r", 2820, 3, 122), "301", 4.5e9, w, h, image,
                cimg, sky, wcs, List.of());
        CalibratedImage cal = calibrator.calibrate(frame);
        long missing = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                PixelCalibration px = calibrator.calibratePixel(frame, x, y);
                String at = "(" + x + ", " + y + ")";
                assertThat(Float.floatToRawIntBits(cal.value(x, y))).as("value " + at)
                        .isEqualTo(Float.floatToRawIntBits((float) px.value()));
                assertThat(Float.floatToRawIntBits(cal.sigma(x, y))).as("sigma " + at)
                        .isEqualTo(Float.floatToRawIntBits((float) px.sigma()));
                missing += Double.isNaN(px.sigma()) ? 1 : 0;
            }
        }
        assertThat(cal.missingSigmaCount()).isEqualTo(missing).isGreaterThan(w * h / 8);
    }
}
