package org.hisscube.science.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HissGridTest {

    @Test
    void has4620SamplesLinearFrom3839_7244To8914_597Inclusive() {
        double[] w = HissGrid.wavelengths();
        assertThat(w).hasSize(4620);
        assertThat(w[0]).isEqualTo(3839.7244);
        assertThat(w[4619]).isEqualTo(8914.597);
        assertThat(HissGrid.STEP).isCloseTo((8914.597 - 3839.7244) / 4619, within(1e-15));
        assertThat(HissGrid.STEP).isCloseTo(1.09869, within(1e-5));
        for (int i = 1; i < w.length; i++) {
            assertThat(w[i] - w[i - 1]).isCloseTo(HissGrid.STEP, within(1e-9));
        }
        assertThat(HissGrid.wavelength(2310)).isCloseTo(3839.7244 + 2310 * HissGrid.STEP, within(1e-9));
    }

    @Test
    void binEdgesAreMidpointsWithTheOuterEdgesHalfAStepOutside() {
        double[] w = HissGrid.wavelengths();
        double[] e = HissGrid.edges();
        assertThat(e).hasSize(4621);
        assertThat(e[0]).isCloseTo(3839.7244 - HissGrid.STEP / 2, within(1e-9));
        assertThat(e[4620]).isCloseTo(8914.597 + HissGrid.STEP / 2, within(1e-9));
        for (int i = 1; i < 4620; i++) {
            assertThat(e[i]).isEqualTo((w[i - 1] + w[i]) / 2);
        }
        for (int i = 0; i < 4620; i++) {
            assertThat(e[i + 1] - e[i]).isCloseTo(HissGrid.STEP, within(1e-9));
            assertThat(w[i]).isBetween(e[i], e[i + 1]);
        }
    }

    @Test
    void samplesOutsideTheGridAndNonIncreasingCentresAreRejected() {
        assertThatThrownBy(() -> HissGrid.wavelength(4620)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> HissGrid.wavelength(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> HissGrid.edgesOf(new double[] {1, 3, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HissGrid.edgesOf(new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    }
}
