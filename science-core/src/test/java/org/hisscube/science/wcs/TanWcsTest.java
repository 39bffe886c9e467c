package org.hisscube.science.wcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hisscube.science.ScienceException;
import org.junit.jupiter.api.Test;

/** TAN projection with a CD matrix, 0-based pixels, and the WCS of binned zooms. */
class TanWcsTest {
    /** The header WCS of frame-r-002820-3-0122 (rounded), a realistic rotated SDSS frame near ra 38, dec 0. */
    static final TanWcs FRAME = new TanWcs(38.2931, -0.0946, 1025.0, 745.0, -1.9e-08, 1.09978e-04, 1.09989e-04,
            -1.1e-08, 2048, 1489);

    @Test
    void shouldPutTheReferencePixelAtTheReferencePoint() {
        double[] world = FRAME.pixelToWorld(1024.0, 744.0); // FITS CRPIX (1025, 745) is 0-based (1024, 744)
        assertThat(world[0]).isCloseTo(38.2931, within(1e-12));
        assertThat(world[1]).isCloseTo(-0.0946, within(1e-12));
        double[] pixel = FRAME.worldToPixel(38.2931, -0.0946);
        assertThat(pixel[0]).isCloseTo(1024.0, within(1e-9));
        assertThat(pixel[1]).isCloseTo(744.0, within(1e-9));
    }

    @Test
    void shouldRoundTripPixelsAcrossTheWholeFrame() {
        for (double x = -0.5; x <= 2047.5; x += 255.75) {
            for (double y = -0.5; y <= 1488.5; y += 186.125) {
                double[] w = FRAME.pixelToWorld(x, y);
                double[] p = FRAME.worldToPixel(w[0], w[1]);
                assertThat(p[0]).isCloseTo(x, within(1e-7));
                assertThat(p[1]).isCloseTo(y, within(1e-7));
            }
        }
    }

    @Test
    void shouldWrapRightAscensionAcrossZero() {
        TanWcs atZero = new TanWcs(0.0, 10.0, 1, 1, -1e-4, 0, 0, 1e-4, 100, 100);
        double[] east = atZero.pixelToWorld(50, 0); // CD1_1 < 0: x grows towards smaller ra
        assertThat(east[0]).isGreaterThan(359.99).isLessThan(360.0);
        double[] back = atZero.worldToPixel(east[0], east[1]);
        assertThat(back[0]).isCloseTo(50, within(1e-7));
        assertThat(atZero.worldToPixel(east[0] - 360.0, east[1])[0]).isCloseTo(50, within(1e-7));
    }

    @Test
    void shouldCentreABinnedPixelOnTheMeanOfTheFinePixelsItCovers() {
        for (int zoom = 1; zoom <= 3; zoom++) {
            int f = 1 << zoom;
            TanWcs coarse = FRAME.atZoom(zoom);
            assertThat(coarse.naxis1()).isEqualTo(2048 / f);
            assertThat(coarse.naxis2()).isEqualTo(1489 / f);
            int bx = 37;
            int by = 21;
            double fineX = f * bx + (f - 1) / 2.0;
            double fineY = f * by + (f - 1) / 2.0;
            double[] a = coarse.pixelToWorld(bx, by);
            double[] b = FRAME.pixelToWorld(fineX, fineY);
            assertThat(a[0]).isCloseTo(b[0], within(1e-12));
            assertThat(a[1]).isCloseTo(b[1], within(1e-12));
        }
    }

    @Test
    void shouldTellWhetherAPixelIsOnTheImage() {
        assertThat(FRAME.contains(-0.5, -0.5)).isTrue();
        assertThat(FRAME.contains(2047.49, 1488.49)).isTrue();
        assertThat(FRAME.contains(2047.5, 10)).isFalse();
        assertThat(FRAME.contains(10, -0.51)).isFalse();
    }

    @Test
    void shouldRefuseASingularCdMatrixAndPointsBehindTheTangentPlane() {
        assertThatThrownBy(() -> new TanWcs(0, 0, 1, 1, 1, 2, 2, 4, 10, 10)).isInstanceOf(ScienceException.class)
                .hasMessageContaining("singular");
        double[] behind = FRAME.worldToPixel(38.2931 + 180, 0.0946);
        assertThat(behind[0]).isNaN();
    }
}
