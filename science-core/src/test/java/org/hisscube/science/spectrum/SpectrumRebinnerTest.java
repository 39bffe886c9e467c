package org.hisscube.science.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.hisscube.science.SampleData;
import org.junit.jupiter.api.Test;

class SpectrumRebinnerTest {
    private static final double NaN = Double.NaN;
    private final SpectrumReader reader = new SpectrumReader();

    /** Edges lo, lo+step, … (n+1 values). */
    private static double[] linearEdges(double lo, double step, int n) {
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i] = lo + i * step;
        }
        return e;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[][] rebin(double[] inEdges, double[] flux, double[] sigma, double[] outEdges) {
        int m = outEdges.length - 1;
        double[] f = new double[m];
        double[] s = new double[m];
        SpectrumRebinner.rebin(inEdges, flux, sigma, outEdges, f, s);
        return new double[][] {f, s};
    }

    /** ∫ flux dλ over [a, b] of a piecewise-constant density on the given edges (all pixels must be valid). */
    private static double integral(double[] edges, double[] flux, double a, double b) {
        double sum = 0;
        for (int i = 0; i < flux.length; i++) {
            double o = Math.min(b, edges[i + 1]) - Math.max(a, edges[i]);
            if (o > 0) {
                sum += flux[i] * o;
            }
        }
        return sum;
    }

    // --- synthetic, linear λ -------------------------------------------------------------------------------------

    @Test
    void aConstantFluxStaysConstantWhateverTheOutputBins() {
        double[] in = linearEdges(100, 1.0, 100);
        double[][] out = rebin(in, filled(100, 5.0), filled(100, 0.4), linearEdges(110.3, 0.7, 100));
        for (int j = 0; j < 100; j++) {
            assertThat(out[0][j]).isCloseTo(5.0, within(1e-12));
            assertThat(out[1][j]).isPositive();
        }
    }

    @Test
    void anOutputBinOfExactlyTwoNativePixelsOfEqualSigmaHasTheirMeanAndSigmaOverRoot2() {
        double[] in = linearEdges(0, 1.0, 10);
        double[] flux = {1, 3, 2, 6, 0, 0, 7, 9, 4, 4};
        double[][] out = rebin(in, flux, filled(10, 0.3), linearEdges(0, 2.0, 5));
        assertThat(out[0]).containsExactly(new double[] {2, 4, 0, 8, 4}, within(1e-12));
        for (double s : out[1]) {
            assertThat(s).isCloseTo(0.3 / Math.sqrt(2), within(1e-12));
        }
    }

    @Test
    void partialOverlapsAreWeightedByTheOverlappingWidth() {
        double[] in = {0, 1, 2};
        double[][] out = rebin(in, new double[] {2, 4}, new double[] {0.2, 0.6}, new double[] {0.75, 1.25, 2.0});
        // bin [0.75, 1.25]: half of each pixel
        assertThat(out[0][0]).isCloseTo(3.0, within(1e-12));
        assertThat(out[1][0]).isCloseTo(Math.sqrt(Math.pow(0.2 * 0.25, 2) + Math.pow(0.6 * 0.25, 2)) / 0.5,
                within(1e-12));
        // bin [1.25, 2.0]: inside pixel 1 only — value and σ of that pixel
        assertThat(out[0][1]).isCloseTo(4.0, within(1e-12));
        assertThat(out[1][1]).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void fluxIsConservedOverWholeOutputBinsOnAnIrregularGrid() {
        double[] in = new double[201];
        in[0] = 50;
        for (int i = 1; i < in.length; i++) {
            in[i] = in[i - 1] + 0.3 + 0.2 * Math.sin(i); // irregular native widths
        }
        double[] flux = new double[200];
        for (int i = 0; i < flux.length; i++) {
            flux[i] = 10 + 5 * Math.cos(i / 7.0) + (i % 3);
        }
        assertThat(in[200]).isGreaterThan(105.0);
        double[] outEdges = linearEdges(60, 0.37, 120); // 60 .. 104.4, inside the native range
        double[][] out = rebin(in, flux, filled(200, 1), outEdges);
        double rebinned = 0;
        for (int j = 0; j < 120; j++) {
            rebinned += out[0][j] * (outEdges[j + 1] - outEdges[j]);
        }
        assertThat(rebinned).isCloseTo(integral(in, flux, outEdges[0], outEdges[120]), within(1e-9));
    }

    @Test
    void pixelsWithoutDataAreExcludedAndABinLessThanHalfCoveredIsMissing() {
        double[] in = linearEdges(0, 1, 5);
        double[] flux = {1, 2, 1000, 4, 5};
        double[] sigma = {0.1, 0.2, NaN, 0.4, 0.5}; // pixel 2 had ivar 0
        double[][] out = rebin(in, flux, sigma, new double[] {1.5, 3.5, 3.6, 3.7, 5.0});
        // [1.5, 3.5]: valid 0.5 of pixel 1 + 0.5 of pixel 3 = exactly 50 % → kept, renormalised by the covered 1.0
        assertThat(out[0][0]).isCloseTo((2 * 0.5 + 4 * 0.5) / 1.0, within(1e-12));
        assertThat(out[1][0]).isCloseTo(Math.hypot(0.2 * 0.5, 0.4 * 0.5) / 1.0, within(1e-12));
        assertThat(out[0][1]).isCloseTo(4, within(1e-12));
        double[][] less = rebin(in, flux, sigma, new double[] {1.8, 3.1});
        // [1.8, 3.1]: valid 0.2 + 0.1 = 0.3 of 1.3 < 50 % → missing, and missing is NaN, not 0
        assertThat(less[0][0]).isNaN();
        assertThat(less[1][0]).isNaN();
        double[][] inside = rebin(in, flux, sigma, new double[] {2.1, 2.9});
        assertThat(inside[0][0]).isNaN();
        assertThat(inside[1][0]).isNaN();
    }

    @Test
    void binsReachingOutsideTheNativeRangeAreMissingNotExtrapolated() {
        double[] in = linearEdges(10, 1, 10); // native range [10, 20]
        double[][] out = rebin(in, filled(10, 3), filled(10, 1), new double[] {8, 9.5, 10.5, 19.9, 20.1, 22});
        assertThat(out[0][0]).isNaN();
        assertThat(out[0][1]).isNaN(); // partly outside
        assertThat(out[0][2]).isCloseTo(3, within(1e-12));
        assertThat(out[0][3]).isNaN(); // partly outside
        assertThat(out[0][4]).isNaN();
        assertThat(out[1][0]).isNaN();
        assertThat(out[1][4]).isNaN();
    }

    @Test
    void inconsistentInputsAreRejected() {
        assertThatThrownBy(() -> rebin(new double[] {0, 1}, new double[] {1, 2}, new double[] {1, 1},
                new double[] {0, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rebin(new double[] {0, 2, 1}, new double[] {1, 2}, new double[] {1, 1},
                new double[] {0, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rebin(new double[] {0, 1, 2}, new double[] {1, 2}, new double[] {1, 1},
                new double[] {1, 0.5})).isInstanceOf(IllegalArgumentException.class);
    }

    // --- real spectra ---------------------------------------------------------------------------------------------

    @Test
    void nativeEdgesAreGeometricMidpointsOfThePixelCentres() {
        SdssSpectrum s = reader.read(SampleData.spectrum("spec-3126-54804-0211.fits"));
        double[] w = s.wavelength();
        double[] e = SpectrumRebinner.nativeEdges(s.loglam());
        assertThat(e).hasSize(w.length + 1);
        for (int i = 1; i < w.length; i++) {
            assertThat(e[i]).isCloseTo(Math.sqrt(w[i - 1] * w[i]), within(1e-9));
        }
        assertThat(e[0]).isCloseTo(w[0] / Math.sqrt(w[1] / w[0]), within(1e-9));
    }

    @Test
    void rebinningARealSpectrumConservesItsFluxIntegral() {
        for (String name : new String[] {"spec-3126-54804-0211.fits", "spec-7330-56684-0434.fits"}) {
            SdssSpectrum s = reader.read(SampleData.spectrum(name));
            SampledSpectrum r = SpectrumRebinner.toHissGrid(s);
            double[] nativeEdges = SpectrumRebinner.nativeEdges(s.loglam());
            double[] flux = s.flux();
            double[] sigma = s.sigma();
            double[] hissEdges = HissGrid.edges();
            int from = 200;
            int to = 4400; // bins [from, to): 3985 Å .. 8675 Å, inside both grids
            double a = hissEdges[from];
            double b = hissEdges[to];
            for (int i = 0; i < flux.length; i++) {
                if (nativeEdges[i + 1] > a && nativeEdges[i] < b) {
                    assertThat(sigma[i]).as("%s pixel %d must have data for this check", name, i).isFinite();
                }
            }
            double rebinned = 0;
            for (int j = from; j < to; j++) {
                rebinned += r.flux(j) * (hissEdges[j + 1] - hissEdges[j]);
            }
            double nativeIntegral = integral(nativeEdges, flux, a, b);
            assertThat(Math.abs(nativeIntegral)).isGreaterThan(1000.0); // a real signal, not ~0
            assertThat(Math.abs(rebinned / nativeIntegral - 1)).as(name).isLessThan(1e-6);
        }
    }

    @Test
    void aRealSpectrumGoesOntoAll4620SamplesWithSigmaWhereItHasData() {
        SdssSpectrum s = reader.read(SampleData.spectrum("spec-3126-54804-0211.fits")); // no ivar 0
        SampledSpectrum r = SpectrumRebinner.toHissGrid(s);
        assertThat(r.length()).isEqualTo(4620);
        assertThat(r.wavelength()).containsExactly(HissGrid.wavelengths());
        assertThat(r.missingCount()).isZero();
        for (int j = 0; j < r.length(); j++) {
            assertThat(r.sigma(j)).isFinite().isPositive();
        }
        float[] f32 = r.fluxFloat32();
        assertThat(f32).hasSize(4620);
        assertThat((double) f32[1000]).isCloseTo(r.flux(1000), within(Math.abs(r.flux(1000)) * 1e-6));
    }

    @Test
    void realPixelsWithIvarZeroBecomeMissingSamplesNotZeros() {
        SdssSpectrum s = reader.read(SampleData.spectrum("spec-0412-51942-0318.fits")); // 235 pixels with ivar 0
        SampledSpectrum r = SpectrumRebinner.toHissGrid(s);
        double[] e = SpectrumRebinner.nativeEdges(s.loglam());
        double[] sigma = s.sigma();
        double[] hiss = HissGrid.edges();
        int allMaskedBins = 0;
        int m = 0;
        for (int j = 0; j < r.length(); j++) {
            boolean anyValid = false;
            for (int i = 0; i < sigma.length; i++) {
                if (e[i + 1] > hiss[j] && e[i] < hiss[j + 1] && Double.isFinite(sigma[i])) {
                    anyValid = true;
                }
            }
            if (!anyValid) {
                allMaskedBins++;
                assertThat(r.flux(j)).as("bin %d", j).isNaN();
                assertThat(r.sigma(j)).as("bin %d", j).isNaN();
            }
            if (r.isMissing(j)) {
                m++;
            } else {
                assertThat(r.sigma(j)).isFinite();
            }
        }
        assertThat(allMaskedBins).isGreaterThan(100);
        assertThat(m).isGreaterThanOrEqualTo(allMaskedBins);
    }

    @Test
    void gridSamplesBeyondARealSpectrumsRangeAreMissing() {
        SdssSpectrum full = reader.read(SampleData.spectrum("spec-3126-54804-0211.fits"));
        double[] ll = full.loglam();
        int lo = 0;
        while (Math.pow(10, ll[lo]) < 5000) {
            lo++;
        }
        int hi = lo;
        while (Math.pow(10, ll[hi]) < 7000) {
            hi++;
        }
        SdssSpectrum cut = SdssSpectrum.builder().fileName("cut").run2d(full.run2d())
                .loglam(Arrays.copyOfRange(ll, lo, hi)).flux(Arrays.copyOfRange(full.flux(), lo, hi))
                .ivar(Arrays.copyOfRange(full.ivar(), lo, hi)).build();
        SampledSpectrum r = SpectrumRebinner.toHissGrid(cut);
        double[] nativeEdges = SpectrumRebinner.nativeEdges(cut.loglam());
        double[] hiss = HissGrid.edges();
        for (int j = 0; j < r.length(); j++) {
            boolean inside = hiss[j] >= nativeEdges[0] && hiss[j + 1] <= nativeEdges[nativeEdges.length - 1];
            assertThat(r.isMissing(j)).as("bin %d at %.1f Å", j, r.wavelength(j)).isEqualTo(!inside);
        }
        assertThat(r.isMissing(0)).isTrue();
        assertThat(r.isMissing(4619)).isTrue();
    }
}
