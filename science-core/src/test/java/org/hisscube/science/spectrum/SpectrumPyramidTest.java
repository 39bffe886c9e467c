package org.hisscube.science.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hisscube.science.SampleData;
import org.junit.jupiter.api.Test;

class SpectrumPyramidTest {
    private static final double NaN = Double.NaN;

    @Test
    void aRealSpectrumsPyramidHas4620_2310_1155_577Samples() {
        SdssSpectrum s = new SpectrumReader().read(SampleData.spectrum("spec-7330-56684-0434.fits"));
        SpectrumPyramid p = SpectrumPyramid.of(s);
        assertThat(p.zoomCount()).isEqualTo(4);
        assertThat(p.zooms()).extracting(SampledSpectrum::length).containsExactly(4620, 2310, 1155, 577);
        assertThat(p.zoom(0)).isEqualTo(SpectrumRebinner.toHissGrid(s));
        // zoom 3 sample 0 is the mean of zoom 2 samples 0 and 1, etc. down to the HiSS grid
        double[] w0 = HissGrid.wavelengths();
        assertThat(p.zoom(1).wavelength(0)).isCloseTo((w0[0] + w0[1]) / 2, within(1e-9));
        assertThat(p.zoom(3).wavelength(0)).isCloseTo((w0[0] + w0[7]) / 2, within(1e-9));
        // the odd 1155th sample of zoom 2 is dropped: zoom 3 ends at the mean of zoom 2 samples 1152 and 1153
        assertThat(p.zoom(3).wavelength(576))
                .isCloseTo((p.zoom(2).wavelength(1152) + p.zoom(2).wavelength(1153)) / 2, within(1e-9));
    }

    @Test
    void aPairOfEqualSigmaSamplesAveragesToSigmaOverRoot2NotSigmaOver2() {
        SampledSpectrum z0 = new SampledSpectrum(new double[] {1, 2, 3, 4}, new double[] {10, 20, 5, 7},
                new double[] {2, 2, 3, 4});
        SampledSpectrum z1 = SpectrumPyramid.halve(z0);
        assertThat(z1.wavelength()).containsExactly(1.5, 3.5);
        assertThat(z1.flux()).containsExactly(15, 6);
        assertThat(z1.sigma(0)).isCloseTo(2 / Math.sqrt(2), within(1e-12));
        assertThat(z1.sigma(1)).isCloseTo(Math.sqrt(9 + 16) / 2, within(1e-12));
    }

    @Test
    void whenOneOfAPairIsMissingTheOtherIsTakenAsItIsAndBothMissingStayMissing() {
        SampledSpectrum z0 = new SampledSpectrum(new double[] {1, 2, 3, 4, 5, 6},
                new double[] {NaN, 8, 3, NaN, NaN, NaN}, new double[] {NaN, 0.5, 0.25, NaN, NaN, NaN});
        SampledSpectrum z1 = SpectrumPyramid.halve(z0);
        assertThat(z1.wavelength()).containsExactly(1.5, 3.5, 5.5);
        assertThat(z1.flux(0)).isEqualTo(8);
        assertThat(z1.sigma(0)).isEqualTo(0.5);
        assertThat(z1.flux(1)).isEqualTo(3);
        assertThat(z1.sigma(1)).isEqualTo(0.25);
        assertThat(z1.flux(2)).isNaN();
        assertThat(z1.sigma(2)).isNaN();
    }

    @Test
    void aSampleWithFluxButNoSigmaCountsAsMissing() {
        SampledSpectrum z0 = new SampledSpectrum(new double[] {1, 2}, new double[] {4, 6}, new double[] {NaN, 1});
        assertThat(z0.flux(0)).isNaN();
        SampledSpectrum z1 = SpectrumPyramid.halve(z0);
        assertThat(z1.flux(0)).isEqualTo(6);
        assertThat(z1.sigma(0)).isEqualTo(1);
    }

    @Test
    void floorHalvingDropsTheLastOddSample() {
        SampledSpectrum z0 = new SampledSpectrum(new double[] {1, 2, 3, 4, 5}, new double[] {1, 1, 1, 1, 99},
                new double[] {1, 1, 1, 1, 1});
        SampledSpectrum z1 = SpectrumPyramid.halve(z0);
        assertThat(z1.length()).isEqualTo(2);
        assertThat(z1.flux()).containsExactly(1, 1);
        assertThatThrownBy(() -> SpectrumPyramid.halve(new SampledSpectrum(new double[] {1}, new double[] {1},
                new double[] {1}))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sigmaShrinksByRoot2PerZoomForAConstantSpectrum() {
        int n = HissGrid.SIZE;
        double[] f = new double[n];
        double[] s = new double[n];
        java.util.Arrays.fill(f, 3);
        java.util.Arrays.fill(s, 0.8);
        SpectrumPyramid p = SpectrumPyramid.build(new SampledSpectrum(HissGrid.wavelengths(), f, s));
        for (int z = 0; z < 4; z++) {
            SampledSpectrum level = p.zoom(z);
            for (int k = 0; k < level.length(); k++) {
                assertThat(level.flux(k)).isEqualTo(3);
                assertThat(level.sigma(k)).isCloseTo(0.8 / Math.pow(Math.sqrt(2), z), within(1e-12));
            }
        }
    }
}
