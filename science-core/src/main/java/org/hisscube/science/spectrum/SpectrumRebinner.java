package org.hisscube.science.spectrum;

/**
 * Flux-conserving rebinning of a flux density (per Å) with σ propagation, from native pixels onto another grid —
 * in particular from SDSS's log-λ pixels onto the {@link HissGrid}.
 *
 * <p>Pixels are intervals. Native SDSS pixel edges are the midpoints between neighbouring loglam values (geometric
 * midpoints in λ), half a pixel beyond the first and last centre ({@link #nativeEdges}). For output bin
 * [a, b] of width w = b − a and each overlapping valid native pixel i with overlap oᵢ (Å):
 * <pre>
 *   flux_out  = Σ fluxᵢ·oᵢ / C            C = Σ oᵢ  (the valid covered width)
 *   sigma_out = √(Σ (σᵢ·oᵢ)²) / C
 * </pre>
 * When the bin is fully covered by valid pixels C = w, so flux_out·w = Σ fluxᵢ·oᵢ: the integral ∫flux dλ over any
 * range made of whole output bins equals the native integral (flux conservation). Conventions (decided here):
 * <ul>
 *   <li>A native pixel is <b>valid</b> when its flux and σ are finite (σ = 1/√ivar; ivar ≤ 0 means no data, σ NaN).
 *       Invalid pixels are left out of both sums.</li>
 *   <li>An output bin that reaches <b>outside the native wavelength range</b> (a &lt; first native edge or b &gt;
 *       last native edge), even partly, is <b>missing</b> (NaN flux and σ): we never extrapolate.</li>
 *   <li>An output bin whose valid covered width C is less than {@link #MIN_VALID_COVERAGE} (50 %) of w is
 *       missing. Between 50 % and 100 % the mean over the covered part is used (renormalised by C, i.e. masked
 *       pixels are treated as having the mean flux of the rest of the bin).</li>
 *   <li>Missing is NaN, never 0.</li>
 *   <li>All arithmetic and the output are float64 ({@link SampledSpectrum}); narrowing to float32 for storage is the
 *       writer's job ({@link SampledSpectrum#fluxFloat32()}).</li>
 * </ul>
 * Note: where output bins are narrower than native pixels (the red end of the HiSS grid: ~1.1 Å bins vs ~2 Å
 * pixels), neighbouring output samples share native pixels, so their errors are correlated; σ_out is right for each
 * sample on its own.
 */
public final class SpectrumRebinner {
    /** Minimum fraction of an output bin that valid native pixels must cover; below it the sample is missing. */
    public static final double MIN_VALID_COVERAGE = 0.5;

    private SpectrumRebinner() {
    }

    /** The spectrum rebinned onto the {@value HissGrid#SIZE}-sample HiSS-Cube grid (zoom 0). */
    public static SampledSpectrum toHissGrid(SdssSpectrum s) {
        return rebin(s, HissGrid.wavelengths(), HissGrid.edges());
    }

    /** The spectrum rebinned onto bins with the given centres (wavelengths reported) and edges (Å). */
    public static SampledSpectrum rebin(SdssSpectrum s, double[] outCentres, double[] outEdges) {
        if (outEdges.length != outCentres.length + 1) {
            throw new IllegalArgumentException("need " + (outCentres.length + 1) + " edges for " + outCentres.length
                    + " bins, got " + outEdges.length);
        }
        double[] flux = new double[outCentres.length];
        double[] sigma = new double[outCentres.length];
        rebin(nativeEdges(s.loglam()), s.flux(), s.sigma(), outEdges, flux, sigma);
        return new SampledSpectrum(outCentres, flux, sigma);
    }

    /**
     * Wavelength edges (Å) of native log-linear pixels: 10^ of the loglam midpoints, the outer edges half a pixel
     * (in loglam) beyond the first and last centre. Length = loglam.length + 1.
     */
    public static double[] nativeEdges(double[] loglam) {
        double[] e = HissGrid.edgesOf(loglam);
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.pow(10.0, e[i]);
        }
        return e;
    }

    /**
     * The core: rebins {@code inFlux} (density per unit of the edge coordinate) with uncertainties {@code inSigma}
     * (NaN = missing) from bins {@code inEdges} (length n+1) onto bins {@code outEdges} (length m+1), writing
     * {@code outFlux} and {@code outSigma} (length m). Edges are in any linear unit (Å here) and must be strictly
     * increasing. See the class comment for the rules.
     */
    public static void rebin(double[] inEdges, double[] inFlux, double[] inSigma, double[] outEdges,
            double[] outFlux, double[] outSigma) {
        int n = inFlux.length;
        int m = outFlux.length;
        if (inEdges.length != n + 1 || inSigma.length != n) {
            throw new IllegalArgumentException("input: " + inEdges.length + " edges, " + n + " fluxes, "
                    + inSigma.length + " sigmas (need n+1, n, n)");
        }
        if (outEdges.length != m + 1 || outSigma.length != m) {
            throw new IllegalArgumentException("output: " + outEdges.length + " edges, " + m + " fluxes, "
                    + outSigma.length + " sigmas (need m+1, m, m)");
        }
        requireIncreasing(inEdges, "input edges");
        requireIncreasing(outEdges, "output edges");
        double lo = inEdges[0];
        double hi = inEdges[n];
        int first = 0; // first native pixel whose upper edge is above the current bin's lower edge
        for (int j = 0; j < m; j++) {
            double a = outEdges[j];
            double b = outEdges[j + 1];
            if (a < lo || b > hi) {
                outFlux[j] = Double.NaN;
                outSigma[j] = Double.NaN;
                continue;
            }
            while (first < n && inEdges[first + 1] <= a) {
                first++;
            }
            double sumF = 0;
            double sumV = 0;
            double covered = 0;
            for (int i = first; i < n && inEdges[i] < b; i++) {
                double o = Math.min(b, inEdges[i + 1]) - Math.max(a, inEdges[i]);
                if (!(o > 0)) {
                    continue;
                }
                double f = inFlux[i];
                double s = inSigma[i];
                if (!Double.isFinite(f) || !Double.isFinite(s) || s < 0) {
                    continue;
                }
                sumF += f * o;
                double so = s * o;
                sumV += so * so;
                covered += o;
            }
            if (covered < MIN_VALID_COVERAGE * (b - a) || !(covered > 0)) {
                outFlux[j] = Double.NaN;
                outSigma[j] = Double.NaN;
            } else {
                outFlux[j] = sumF / covered;
                outSigma[j] = Math.sqrt(sumV) / covered;
            }
        }
    }

    private static void requireIncreasing(double[] e, String what) {
        for (int i = 0; i < e.length; i++) {
            if (!Double.isFinite(e[i]) || (i > 0 && !(e[i] > e[i - 1]))) {
                throw new IllegalArgumentException(what + " must be finite and strictly increasing (at " + i + ")");
            }
        }
    }
}
