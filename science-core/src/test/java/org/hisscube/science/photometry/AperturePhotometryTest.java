package org.hisscube.science.photometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.hisscube.science.cutout.Cutout;
import org.hisscube.science.cutout.CutoutSource;
import org.junit.jupiter.api.Test;

class AperturePhotometryTest {
    static final CutoutSource SOURCE = new CutoutSource("frame-r-000001-1-0001.fits.bz2", "r", 52000);

    /** 64×64 cutout at zoom z, background b per pixel, a 3×3 source of total {@code total} at window (32, 32). */
    static Cutout star(int zoom, double background, double total) {
        float[] d = new float[64 * 64];
        float[] e = new float[64 * 64];
        Arrays.fill(d, (float) background);
        Arrays.fill(e, 0.1f);
        for (int j = 31; j <= 33; j++) {
            for (int i = 31; i <= 33; i++) {
                d[j * 64 + i] += (float) (total / 9);
            }
        }
        // px, py such that the position is exactly at window (32, 32): x0 = 100, y0 = 200
        return new Cutout(SOURCE, zoom, 64, 1, 2, 132, 232, 100, 200, 2048, 1489, d, e, false);
    }

    @Test
    void shouldRecoverTheTotalFluxAboveAConstantBackground() {
        ApertureFlux f = AperturePhotometry.measure(star(0, 0.25, 70.5), 10, 20, 30);
        assertThat(f.nanomaggies()).isCloseTo(70.5, within(1e-3));
        assertThat(f.backgroundPerPixel()).isCloseTo(0.25, within(1e-6));
        assertThat(f.aperturePixels()).isEqualTo(317); // lattice points with i² + j² ≤ 100
        assertThat(f.apertureArcsec2()).isCloseTo(317 * 0.156816, within(1e-9));
        assertThat(f.missingInAperture()).isZero();
        double expectedSigma = Math.sqrt(317 * 0.01 + 317.0 * 317 * Math.PI / 2 * 0.01 / f.annulusPixels());
        assertThat(f.sigmaNanomaggies()).isCloseTo(expectedSigma, within(1e-6));
    }

    @Test
    void shouldMultiplyByFourPerZoomBecausePyramidPixelsAreAverages() {
        // at zoom 1 each pixel value is the mean of 4 native pixels: total flux = 4 × the sum of values
        ApertureFlux f = AperturePhotometry.measure(star(1, 0, 10), 5, 10, 20);
        assertThat(f.nanomaggies()).isCloseTo(40, within(1e-4));
        assertThat(f.zoom()).isEqualTo(1);
    }

    @Test
    void shouldCountMissingPixelsInTheApertureAndLeaveThemOut() {
        Cutout c = star(0, 0, 9);
        float[] d = c.data();
        d[32 * 64 + 32] = Float.NaN;
        Cutout holed = new Cutout(SOURCE, 0, 64, 1, 2, 132, 232, 100, 200, 2048, 1489, d, c.errors(), false);
        ApertureFlux f = AperturePhotometry.measure(holed, 5, 10, 20);
        assertThat(f.missingInAperture()).isEqualTo(1);
        assertThat(f.nanomaggies()).isCloseTo(8, within(1e-5));
    }

    @Test
    void shouldUseTheFiberRadiusInPixelsForFiberFlux() {
        // 3" fiber: radius 1.5"/0.396 = 3.79 px -> 45 pixels (|i|,|j| lattice points within 3.79)
        ApertureFlux f = AperturePhotometry.fiberFlux(star(0, 0.1, 30), 3.0);
        assertThat(f.radiusPx()).isCloseTo(1.5 / 0.396, within(1e-12));
        assertThat(f.aperturePixels()).isEqualTo(45);
        assertThat(f.nanomaggies()).isCloseTo(30, within(1e-4));
        assertThat(AperturePhotometry.fiberFlux(star(1, 0, 1), 2.0).radiusPx()).isCloseTo(1.0 / 0.792,
                within(1e-12));
    }

    @Test
    void shouldRejectInconsistentRadii() {
        assertThatThrownBy(() -> AperturePhotometry.measure(star(0, 0, 1), 10, 5, 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AperturePhotometry.measure(star(0, 0, 1), 10, 100, 120))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no valid pixel");
    }
}
