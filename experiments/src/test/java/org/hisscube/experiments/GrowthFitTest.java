package org.hisscube.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GrowthFitTest {

    @Test
    void recoversAPowerLawAndPredictsFromIt() {
        double[] n = {1_000, 10_000, 100_000};
        double[] s = {0.02 * Math.pow(1_000, 1.1), 0.02 * Math.pow(10_000, 1.1), 0.02 * Math.pow(100_000, 1.1)};
        GrowthFit f = GrowthFit.of("cube", n, s);
        assertThat(f.b()).isCloseTo(1.1, within(1e-9));
        assertThat(f.a()).isCloseTo(0.02, within(1e-9));
        assertThat(f.r2()).isCloseTo(1.0, within(1e-9));
        assertThat(f.seconds(1_000_000)).isCloseTo(0.02 * Math.pow(1e6, 1.1), within(1e-3));
    }

    @Test
    void twoSizesGiveAnExactFitWithoutAGoodnessOfFit() {
        GrowthFit f = GrowthFit.of("fetch", new double[] {1_000, 10_000}, new double[] {100, 1_000});
        assertThat(f.b()).isCloseTo(1.0, within(1e-12));
        assertThat(f.r2()).isNaN();
    }

    @Test
    void refusesOneSizeOrNonPositiveTimes() {
        assertThatThrownBy(() -> GrowthFit.of("x", new double[] {10}, new double[] {1}))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("two sizes");
        assertThatThrownBy(() -> GrowthFit.of("x", new double[] {10, 20}, new double[] {1, 0}))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("positive");
    }
}
