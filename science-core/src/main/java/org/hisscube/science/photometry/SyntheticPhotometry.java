package org.hisscube.science.photometry;

import java.util.Locale;
import java.util.Objects;
import org.hisscube.science.spectrum.HissGrid;
import org.hisscube.science.spectrum.SampledSpectrum;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumRebinner;

/**
 * AB synthetic photometry of spectra, for a photon-counting detector (as SDSS's CCDs):
 *
 * <pre>
 *   f_ν = ∫ f_λ T(λ) λ dλ  /  ( c ∫ T(λ) / λ dλ )          c = 2.99792458e18 Å/s
 * </pre>
 *
 * with f_λ in 1e-17 erg/s/cm²/Å (the spectra's unit) converted to erg/s/cm²/Å, the result in nanomaggies
 * (÷ 3.631e-29 erg/s/cm²/Hz). T is the filter curve, linearly interpolated ({@link FilterCurve}).
 *
 * <p><b>Discretisation.</b> The numerator is Σ fᵢ·T(λᵢ)·λᵢ·Δᵢ over the spectrum's samples i (Δᵢ = bin width: the
 * HiSS grid's bins for a {@link SampledSpectrum} on any increasing grid, the native log-λ pixels for an
 * {@link SdssSpectrum}); the denominator ∫T/λ dλ and the band's total weight W = ∫Tλ dλ are integrated exactly on
 * the filter curve itself.
 *
 * <p><b>Missing samples</b> (NaN flux or σ, and the part of the band outside the spectrum) are left out; the valid
 * weight W_valid = Σ_valid T(λᵢ)λᵢΔᵢ replaces W in the normalisation, i.e. the gaps are filled with the band-weighted
 * mean of the rest. The missing fraction 1 − W_valid/W is reported; above {@link #maxMissingFraction()} (default
 * {@value #DEFAULT_MAX_MISSING_FRACTION}) the flux is refused with {@link SyntheticPhotometryException}. On the HiSS
 * grid (3839.7–8914.6 Å) this refuses u (band 2980–4130 Å) and z (7730–11230 Å) outright, while g, r and i are
 * covered (g misses ≈ 0.1 % below 3840 Å).
 *
 * <p>Immutable, thread-safe.
 */
public final class SyntheticPhotometry {
    /** Default largest missing fraction of a band's photon weight. */
    public static final double DEFAULT_MAX_MISSING_FRACTION = 0.05;

    private final double maxMissingFraction;

    public SyntheticPhotometry() {
        this(DEFAULT_MAX_MISSING_FRACTION);
    }

    /** @param maxMissingFraction largest accepted missing fraction of the band's weight, 0..1 */
    public SyntheticPhotometry(double maxMissingFraction) {
        if (!(maxMissingFraction >= 0 && maxMissingFraction <= 1)) {
            throw new IllegalArgumentException("maxMissingFraction must be in 0..1: " + maxMissingFraction);
        }
        this.maxMissingFraction = maxMissingFraction;
    }

    public double maxMissingFraction() {
        return maxMissingFraction;
    }

    /** Synthetic flux [nmgy] of a spectrum on the HiSS grid (or any grid) through SDSS filter u/g/r/i/z. */
    public SyntheticFlux flux(SampledSpectrum spectrum, String filter) {
        return flux(spectrum, FilterCurve.sdss(filter), spectrum.toString());
    }

    /** Synthetic flux [nmgy] of a sampled spectrum through a filter curve; {@code name} is used in messages. */
    public SyntheticFlux flux(SampledSpectrum spectrum, FilterCurve filter, String name) {
        double[] w = spectrum.wavelength();
        return flux(w, HissGrid.edgesOf(w), spectrum.flux(), spectrum.sigma(), filter, name);
    }

    /** Synthetic flux [nmgy] of a spectrum on its native pixels through SDSS filter u/g/r/i/z. */
    public SyntheticFlux flux(SdssSpectrum spectrum, String filter) {
        return flux(spectrum.wavelength(), SpectrumRebinner.nativeEdges(spectrum.loglam()), spectrum.flux(),
                spectrum.sigma(), FilterCurve.sdss(filter), spectrum.fileName());
    }

    /**
     * The core.
     *
     * @param wavelength sample centres, Å, increasing
     * @param edges      bin edges, Å (length + 1)
     * @param flux       f_λ [1e-17 erg/s/cm²/Å]; NaN = missing
     * @param sigma      1σ of f_λ; NaN = missing
     */
    public SyntheticFlux flux(double[] wavelength, double[] edges, double[] flux, double[] sigma, FilterCurve filter,
            String name) {
        Objects.requireNonNull(filter, "filter");
        int n = wavelength.length;
        if (edges.length != n + 1 || flux.length != n || sigma.length != n) {
            throw new IllegalArgumentException("need n wavelengths, n+1 edges, n fluxes, n sigmas; got " + n + ", "
                    + edges.length + ", " + flux.length + ", " + sigma.length);
        }
        double total = filter.integralTimesPower(1);
        double inverse = filter.integralTimesPower(-1);
        if (!(total > 0) || !(inverse > 0)) {
            throw new IllegalArgumentException(filter.name() + " has no transmission");
        }
        double num = 0;
        double var = 0;
        double validWeight = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            double t = filter.at(wavelength[i]);
            if (t <= 0) {
                continue;
            }
            double f = flux[i];
            double s = sigma[i];
            if (!Double.isFinite(f) || !Double.isFinite(s)) {
                continue;
            }
            double wt = t * wavelength[i] * (edges[i + 1] - edges[i]);
            num += f * wt;
            var += (s * wt) * (s * wt);
            validWeight += wt;
            used++;
        }
        double missing = Math.max(0.0, 1.0 - validWeight / total);
        double pivot = filter.pivotWavelength();
        if (used == 0 || missing > maxMissingFraction) {
            throw new SyntheticPhotometryException(filter.name(), name, missing, String.format(Locale.ROOT,
                    "%.1f %% of the band's photon weight (%.0f..%.0f Å) is missing or outside the spectrum "
                            + "(%.0f..%.0f Å); at most %.1f %% is accepted",
                    100 * missing, filter.minLambda(), filter.maxLambda(), n > 0 ? edges[0] : Double.NaN,
                    n > 0 ? edges[n] : Double.NaN, 100 * maxMissingFraction));
        }
        // mean f_λ over the band's photon weight, then f_ν = <f_λ>·W / (c·∫T/λ), in erg/s/cm²/Hz
        double scale = FluxUnits.SPECTRUM_FLUX_UNIT * total
                / (FluxUnits.SPEED_OF_LIGHT_ANGSTROM_PER_S * inverse) / FluxUnits.FNU_CGS_PER_NANOMAGGY;
        double nmgy = num / validWeight * scale;
        double sig = Math.sqrt(var) / validWeight * scale;
        return new SyntheticFlux(filter.name(), nmgy, sig, missing, pivot, used);
    }
}
