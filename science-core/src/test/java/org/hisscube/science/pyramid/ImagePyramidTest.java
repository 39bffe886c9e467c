package org.hisscube.science.pyramid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.fits.TestFrames;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagePyramidTest {
    static final float NaN = Float.NaN;

    static CalibratedImage r;
    static ImagePyramid rPyramid;

    @BeforeAll
    static void buildRealPyramid() {
        r = new FrameCalibrator().calibrate(TestFrames.frame(TestFrames.R_FRAME));
        rPyramid = ImagePyramid.of(r);
    }

    static TanWcs wcs(int width, int height) {
        return new TanWcs(38.3, -0.1, width / 2.0, height / 2.0, 0, 1.1e-4, 1.1e-4, 0, width, height);
    }

    static ZoomLevel zoom1(int width, int height, float[] data, float[] errors) {
        return ImagePyramid.of(width, height, data, errors, wcs(width, height), 2).level(1);
    }

    @Test
    void shouldAverageFourIndependentPixelsAndHalveTheirSigma() {
        ZoomLevel z1 = zoom1(2, 2, new float[] {1, 2, 3, 4}, new float[] {1, 1, 1, 1});
        assertThat(z1.value(0, 0)).isEqualTo(2.5f);
        assertThat(z1.sigma(0, 0)).as("sqrt(4)/4 = 1/2, not HiSS-Cube's 1/4").isEqualTo(0.5f);

        ZoomLevel unequal = zoom1(2, 2, new float[] {0, 0, 0, 0}, new float[] {1, 2, 2, 4});
        assertThat((double) unequal.sigma(0, 0)).isCloseTo(Math.sqrt(1 + 4 + 4 + 16) / 4, within(1e-7));
    }

    @Test
    void shouldExcludeMissingValuesAndMissingSigmasFromTheMean() {
        // block 0: one NaN value -> n = 3; block 1: one NaN sigma (value 100 must not count) -> n = 3
        float[] data = {1, NaN, 10, 100,
                        2, 3, 20, 30};
        float[] errors = {1, 1, 1, NaN,
                          1, 1, 1, 1};
        ZoomLevel z1 = zoom1(4, 2, data, errors);
        assertThat(z1.width()).isEqualTo(2);
        assertThat(z1.height()).isEqualTo(1);
        assertThat(z1.value(0, 0)).isEqualTo(2f);
        assertThat((double) z1.sigma(0, 0)).isCloseTo(Math.sqrt(3) / 3, within(1e-7));
        assertThat(z1.value(1, 0)).isEqualTo(20f);
        assertThat((double) z1.sigma(1, 0)).isCloseTo(Math.sqrt(3) / 3, within(1e-7));
    }

    @Test
    void shouldGiveNaNWhenAllFourPixelsAreMissing() {
        ZoomLevel z1 = zoom1(2, 2, new float[] {NaN, 1, NaN, Float.POSITIVE_INFINITY},
                new float[] {1, NaN, 1, 1});
        assertThat(z1.value(0, 0)).isNaN();
        assertThat(z1.sigma(0, 0)).isNaN();

        ZoomLevel one = zoom1(2, 2, new float[] {NaN, NaN, NaN, 7}, new float[] {1, 1, 1, 0.3f});
        assertThat(one.value(0, 0)).isEqualTo(7f);
        assertThat(one.sigma(0, 0)).as("n = 1 keeps the sigma").isEqualTo(0.3f);
    }

    @Test
    void shouldTakeErrorsFromTheErrorArraysNeverFromTheFlux() {
        ZoomLevel z1 = zoom1(2, 2, new float[] {1e6f, 2e6f, 3e6f, 4e6f}, new float[] {0.1f, 0.1f, 0.1f, 0.1f});
        assertThat((double) z1.sigma(0, 0)).isCloseTo(0.05, within(1e-8));
    }

    @Test
    void shouldDropThePartialLastRowAndColumn() {
        float[] data = new float[5 * 3];
        float[] errors = new float[5 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
            errors[i] = 1;
        }
        ImagePyramid p = ImagePyramid.of(5, 3, data, errors, wcs(5, 3), 2);
        ZoomLevel z1 = p.level(1);
        assertThat(z1.width()).isEqualTo(2);
        assertThat(z1.height()).isEqualTo(1);
        assertThat(z1.value(1, 0)).isEqualTo((2 + 3 + 7 + 8) / 4f);
        assertThat(z1.wcs()).isEqualTo(wcs(5, 3).atZoom(1));
        assertThatThrownBy(() -> ImagePyramid.of(5, 3, data, errors, wcs(5, 3), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHaveExactlyTheCubeShapesForARealFrame() {
        assertThat(rPyramid.size()).isEqualTo(4);
        int[][] shapes = {{2048, 1489}, {1024, 744}, {512, 372}, {256, 186}};
        for (int z = 0; z < 4; z++) {
            ZoomLevel level = rPyramid.level(z);
            assertThat(level.zoom()).isEqualTo(z);
            assertThat(new int[] {level.width(), level.height()}).containsExactly(shapes[z]);
            assertThat(level.data().capacity()).isEqualTo(shapes[z][0] * shapes[z][1]);
            assertThat(level.errors().capacity()).isEqualTo(shapes[z][0] * shapes[z][1]);
            assertThat(level.wcs()).isEqualTo(r.wcs().atZoom(z));
        }
    }

    @Test
    void shouldMakeEachRealZoomOnePixelTheMeanOfItsFourZoomZeroPixels() {
        ZoomLevel z0 = rPyramid.level(0);
        ZoomLevel z1 = rPyramid.level(1);
        for (int[] p : new int[][] {{389, 241}, {0, 0}, {1023, 743}, {512, 372}}) {
            int x = p[0];
            int y = p[1];
            double mean = ((double) z0.value(2 * x, 2 * y) + z0.value(2 * x + 1, 2 * y) + z0.value(2 * x, 2 * y + 1)
                    + z0.value(2 * x + 1, 2 * y + 1)) / 4;
            assertThat((double) z1.value(x, y)).isCloseTo(mean, within(1e-6 * Math.max(1, Math.abs(mean))));
            double sigma = Math.sqrt(sq(z0.sigma(2 * x, 2 * y)) + sq(z0.sigma(2 * x + 1, 2 * y))
                    + sq(z0.sigma(2 * x, 2 * y + 1)) + sq(z0.sigma(2 * x + 1, 2 * y + 1))) / 4;
            assertThat((double) z1.sigma(x, y)).isCloseTo(sigma, within(1e-6 * sigma));
        }
        assertThat(z0.value(779, 482)).isEqualTo(r.value(779, 482));
        // zoom-1 pixel X covers zoom-0 pixels 2X and 2X+1 (centre 2X + 0.5): the F star at r pixel (779.0, 482.5)
        // sits at ((779.0 - 0.5) / 2, (482.5 - 0.5) / 2) = (389.2, 241.0)
        double[] xy0 = z0.wcs().worldToPixel(38.301802, -0.13391571);
        double[] xy1 = z1.wcs().worldToPixel(38.301802, -0.13391571);
        assertThat(xy1[0]).isCloseTo((xy0[0] - 0.5) / 2, within(1e-6));
        assertThat(xy1[1]).isCloseTo((xy0[1] - 0.5) / 2, within(1e-6));
    }

    static double sq(float v) {
        return (double) v * v;
    }

    @Test
    void shouldFollowThePlainRuleBitForBitWhateverTheValues() {
        // mostly ordinary pixels, some NaN / ±inf / extreme values and σ's, and whole blocks of −0.0 (the sum
        // starts at +0.0); odd sizes drop the last row and column
        Random random = new Random(5);
        float[] specials = {NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, Float.MAX_VALUE,
                -Float.MAX_VALUE, Float.MIN_VALUE, 1e30f};
        int w = 203;
        int h = 97;
        float[] data = new float[w * h];
        float[] errors = new float[w * h];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(6) == 0 ? specials[random.nextInt(specials.length)]
                    : (float) random.nextGaussian();
            errors[i] = random.nextInt(6) == 0 ? specials[random.nextInt(specials.length)] : random.nextFloat();
        }
        for (int k = 0; k < 200; k++) {
            int i = 2 * random.nextInt(h / 2) * w + 2 * random.nextInt(w / 2);
            data[i] = data[i + 1] = data[i + w] = data[i + w + 1] = -0.0f;
            errors[i] = errors[i + 1] = errors[i + w] = errors[i + w + 1] = 0.5f;
        }
        ZoomLevel z1 = zoom1(w, h, data, errors);
        for (int y = 0; y < h / 2; y++) {
            for (int x = 0; x < w / 2; x++) {
                double sum = 0;
                double var = 0;
                int n = 0;
                for (int i : new int[] {2 * y * w + 2 * x, 2 * y * w + 2 * x + 1, (2 * y + 1) * w + 2 * x,
                        (2 * y + 1) * w + 2 * x + 1}) {
                    if (Float.isFinite(data[i]) && Float.isFinite(errors[i])) {
                        sum += data[i];
                        var += (double) errors[i] * errors[i];
                        n++;
                    }
                }
                float value = n == 0 ? NaN : (float) (sum / n);
                float sigma = n == 0 ? NaN : (float) (Math.sqrt(var) / n);
                String at = "(" + x + ", " + y + ")";
                assertThat(Float.floatToRawIntBits(z1.value(x, y))).as("value " + at)
                        .isEqualTo(Float.floatToRawIntBits(value));
                assertThat(Float.floatToRawIntBits(z1.sigma(x, y))).as("sigma " + at)
                        .isEqualTo(Float.floatToRawIntBits(sigma));
            }
        }
    }
}
