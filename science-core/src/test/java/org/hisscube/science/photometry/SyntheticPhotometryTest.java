package org.hisscube.science.photometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hisscube.science.SampleData;
import org.hisscube.science.spectrum.HissGrid;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.science.spectrum.SpectrumRebinner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticPhotometryTest {
    static SdssSpectrum boss;

    @BeforeAll
    static void readSpectrum() {
        boss = new SpectrumReader().read(SampleData.spectrum("spec-7330-56684-0434.fits"));
    }

    /** A spectrum of constant f_ν = nmgy on the HiSS grid, in 1e-17 erg/s/cm²/Å, σ = 1 % of the flux. */
    static SampledSpectrum flatFnu(double nmgy) {
        double[] w = HissGrid.wavelengths();
        double[] f = new double[w.length];
        double[] s = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            f[i] = FluxUnits.nanomaggiesToSpectrumUnits(nmgy, w[i]);
            s[i] = 0.01 * f[i];
        }
        return new SampledSpectrum(w, f, s);
    }

    @Test
    void shouldReadTheSdssFilterCurves() {
        FilterCurve r = FilterCurve.sdss("r");
        assertThat(r.minLambda()).isEqualTo(5380.0);
        assertThat(r.maxLambda()).isEqualTo(7230.0);
        assertThat(r.at(5405.0)).isEqualTo(0.0014);
        assertThat(r.at(5392.5)).isCloseTo(0.0007, within(1e-12));
        assertThat(r.at(5000)).isZero();
        assertThat(r.at(8000)).isZero();
        assertThat(r.pivotWavelength()).isCloseTo(6176, within(5.0));
        assertThat(FilterCurve.sdss("g").pivotWavelength()).isCloseTo(4702, within(5.0));
        assertThat(FilterCurve.sdss("r")).isSameAs(r);
        assertThatThrownBy(() -> FilterCurve.sdss("y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReturnTheFluxOfAFlatFnuSpectrumInEveryCoveredBand() {
        SampledSpectrum flat = flatFnu(70.5);
        for (String f : new String[] {"g", "r", "i"}) {
            SyntheticFlux s = new SyntheticPhotometry().flux(flat, f);
            // g: 0.12 % of the band lies below the grid (< 3839 Å); it is filled with the band-weighted mean f_λ,
            // which for f_λ ∝ 1/λ² is slightly low
            double tolerance = f.equals("g") ? 1e-3 : 2e-4;
            assertThat(s.nanomaggies()).as(f).isCloseTo(70.5, within(70.5 * tolerance));
            assertThat(s.sigmaNanomaggies()).as(f).isGreaterThan(0).isLessThan(0.01 * 70.5);
        }
        assertThat(new SyntheticPhotometry().flux(flat, "r").abMagnitude()).isCloseTo(22.5 - 2.5 * Math.log10(70.5),
                within(1e-4));
    }

    @Test
    void shouldConvertAFlatFlambdaSpectrumAtThePivotWavelength() {
        double[] w = HissGrid.wavelengths();
        double[] f = new double[w.length];
        double[] s = new double[w.length];
        java.util.Arrays.fill(f, 20.0);
        java.util.Arrays.fill(s, 1.0);
        SyntheticFlux r = new SyntheticPhotometry().flux(new SampledSpectrum(w, f, s), "r");
        assertThat(r.flambdaAtPivot()).isCloseTo(20.0, within(20 * 2e-4));
        assertThat(r.nanomaggies()).isCloseTo(FluxUnits.spectrumUnitsToNanomaggies(20, r.pivotWavelength()),
                within(0.05));
    }

    @Test
    void shouldFillSmallGapsButRefuseWhenTooMuchOfTheBandIsMissing() {
        SampledSpectrum flat = flatFnu(50);
        double[] w = flat.wavelength();
        double[] f = flat.flux();
        double[] s = flat.sigma();
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 6100 && w[i] < 6130) {
                f[i] = Double.NaN;
            }
        }
        SyntheticFlux gap = new SyntheticPhotometry().flux(new SampledSpectrum(w, f, s), "r");
        assertThat(gap.missingFraction()).isBetween(0.01, 0.05);
        assertThat(gap.nanomaggies()).isCloseTo(50, within(0.1));
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 6000 && w[i] < 6300) {
                f[i] = Double.NaN;
            }
        }
        SampledSpectrum holed = new SampledSpectrum(w, f, s);
        assertThatThrownBy(() -> new SyntheticPhotometry().flux(holed, "r"))
                .isInstanceOf(SyntheticPhotometryException.class)
                .hasMessageContaining("filter SDSS r").hasMessageContaining("of the band's photon weight")
                .hasMessageContaining("at most 5.0 %");
        assertThat(new SyntheticPhotometry(0.3).flux(holed, "r").nanomaggies()).isCloseTo(50, within(0.5));
    }

    @Test
    void shouldRefuseUAndZOnTheHissGridBecauseTheGridDoesNotCoverThem() {
        SampledSpectrum flat = flatFnu(10);
        for (String band : new String[] {"u", "z"}) {
            assertThatThrownBy(() -> new SyntheticPhotometry().flux(flat, band))
                    .isInstanceOf(SyntheticPhotometryException.class)
                    .satisfies(e -> assertThat(((SyntheticPhotometryException) e).missingFraction()).isGreaterThan(
                            0.4));
        }
        SampledSpectrum allMissing = new SampledSpectrum(flat.wavelength(), new double[HissGrid.SIZE],
                fill(Double.NaN));
        assertThatThrownBy(() -> new SyntheticPhotometry(1.0).flux(allMissing, "r"))
                .isInstanceOf(SyntheticPhotometryException.class);
    }

    static double[] fill(double v) {
        double[] a = new double[HissGrid.SIZE];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void shouldAgreeOnNativePixelsAndOnTheHissGridForARealSpectrum() {
        double nativeR = new SyntheticPhotometry().flux(boss, "r").nanomaggies();
        double gridR = new SyntheticPhotometry().flux(SpectrumRebinner.toHissGrid(boss), "r").nanomaggies();
        System.out.printf("%s r: native %.3f nmgy, HiSS grid %.3f nmgy%n", boss.fileName(), nativeR, gridR);
        assertThat(gridR / nativeR).isBetween(0.999, 1.001);
        assertThat(nativeR).as("a 17th-magnitude F star").isBetween(30.0, 150.0);
    }
}
