package org.hisscube.science.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.junit.jupiter.api.Test;

class InverseVarianceStackTest {
    static final double NaN = Double.NaN;

    static InverseVarianceStack.Result stack(double[][] values, double[][] sigmas) {
        return InverseVarianceStack.stack(Arrays.asList(values), Arrays.asList(sigmas));
    }

    @Test
    void shouldWeightTwoEpochsBySigmaOneAndTwo() {
        // weights 1 and 1/4: mean = (10·1 + 20·0.25)/1.25 = 12, σ = 1/√1.25
        InverseVarianceStack.Result r = stack(new double[][] {{10}, {20}}, new double[][] {{1}, {2}});
        assertThat(r.mean(0)).isCloseTo(12.0, within(1e-12));
        assertThat(r.sigma(0)).isCloseTo(1 / Math.sqrt(1.25), within(1e-12));
        assertThat(r.sigma(0)).isCloseTo(0.894427191, within(1e-9));
        assertThat(r.epochs(0)).isEqualTo(2);
        assertThat(r.inputCount()).isEqualTo(2);
    }

    @Test
    void shouldAverageEqualSigmasAndDivideSigmaByRootN() {
        InverseVarianceStack.Result r = stack(new double[][] {{1, -3}, {2, -3}, {6, -3}, {7, -3}},
                new double[][] {{2, 0.1}, {2, 0.1}, {2, 0.1}, {2, 0.1}});
        assertThat(r.mean()).containsExactly(new double[] {4, -3}, within(1e-12));
        assertThat(r.sigma()).containsExactly(new double[] {1, 0.05}, within(1e-12));
        assertThat(r.epochs()).containsExactly(4, 4);
    }

    @Test
    void shouldSkipNonFiniteValuesAndNonPositiveOrMissingSigmas() {
        double inf = Double.POSITIVE_INFINITY;
        InverseVarianceStack.Result r = stack(
                new double[][] {{NaN, 5, 5, 5, inf, 5, NaN}, {3, 3, 3, 3, 3, 3, NaN}},
                new double[][] {{1, NaN, 0, -1, 1, inf, 1}, {1, 1, 1, 1, 1, 1, NaN}});
        for (int i = 0; i < 6; i++) {
            assertThat(r.mean(i)).as("element %d: only the second epoch counts", i).isEqualTo(3.0);
            assertThat(r.sigma(i)).isEqualTo(1.0);
            assertThat(r.epochs(i)).isEqualTo(1);
        }
        assertThat(r.mean(6)).as("all skipped").isNaN();
        assertThat(r.sigma(6)).isNaN();
        assertThat(r.epochs(6)).isZero();
        assertThat(r.missingCount()).isEqualTo(1);
        assertThat(r.meanFloat32()[6]).isNaN();
    }

    @Test
    void shouldComputeFloat32InputsInDoublePrecision() {
        // float32 steps are 8 at 1e8: the mean 1e8 + 4 of 1e8 and 1e8 + 8 exists only in float64
        InverseVarianceStack.Result r = InverseVarianceStack.stackFloat32(
                List.of(new float[] {1e8f}, new float[] {1e8f + 8f}), List.of(new float[] {1}, new float[] {1}));
        assertThat(r.mean(0)).isEqualTo(1e8 + 4);
    }

    @Test
    void shouldRefuseEpochsOfDifferentShapes() {
        assertThatThrownBy(() -> stack(new double[][] {{1, 2}, {1}}, new double[][] {{1, 1}, {1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch 1");
        assertThatThrownBy(() -> InverseVarianceStack.stack(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stack(new double[][] {{1}}, new double[][] {{1}, {1}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Cutout cutout(String filter, float value, float sigma, int missingAt) {
        float[] d = new float[16];
        float[] e = new float[16];
        Arrays.fill(d, value);
        Arrays.fill(e, sigma);
        if (missingAt >= 0) {
            d[missingAt] = Float.NaN;
        }
        return new Cutout(new CutoutSource("frame-" + filter + "-x.fits.bz2", filter, 50000), 0, 4, 1, 2, 10, 10, 8,
                8, 20, 20, d, e, false);
    }

    @Test
    void shouldStackCutoutsOfOneTargetElementByElement() {
        InverseVarianceStack.StackedCutout s = InverseVarianceStack.stackCutouts(
                List.of(cutout("r", 10, 1, -1), cutout("r", 20, 2, 5)));
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.filter()).isEqualTo("r");
        assertThat(s.value(0, 0)).isCloseTo(12, within(1e-9));
        assertThat(s.epochs(0, 0)).isEqualTo(2);
        assertThat(s.value(1, 1)).as("element 5 missing in epoch 2").isEqualTo(10);
        assertThat(s.epochs(1, 1)).isEqualTo(1);
        assertThat(s.sigma(1, 1)).isEqualTo(1);
        assertThat(s.sources()).hasSize(2);
    }

    @Test
    void shouldRefuseToStackCutoutsOfDifferentFilters() {
        assertThatThrownBy(() -> InverseVarianceStack.stackCutouts(List.of(cutout("r", 1, 1, -1),
                cutout("g", 1, 1, -1)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
    }

    @Test
    void shouldStackSpectraOnOneGridAndReportEpochsPerSample() {
        double[] w = {4000, 4001, 4002};
        SampledSpectrum a = new SampledSpectrum(w, new double[] {1, 2, NaN}, new double[] {1, 1, 1});
        SampledSpectrum b = new SampledSpectrum(w, new double[] {3, NaN, NaN}, new double[] {1, 1, 1});
        InverseVarianceStack.StackedSpectrum s = InverseVarianceStack.stackSpectra(List.of(a, b));
        assertThat(s.spectrum().flux(0)).isEqualTo(2);
        assertThat(s.spectrum().sigma(0)).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(s.spectrum().flux(1)).isEqualTo(2);
        assertThat(s.spectrum().isMissing(2)).isTrue();
        assertThat(s.epochs()).containsExactly(2, 1, 0);
        assertThat(s.spectrum().wavelength()).containsExactly(w);

        SampledSpectrum shifted = new SampledSpectrum(new double[] {4000, 4001, 4003}, new double[3],
                new double[] {1, 1, 1});
        assertThatThrownBy(() -> InverseVarianceStack.stackSpectra(List.of(a, shifted)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on the grid");
    }
}
