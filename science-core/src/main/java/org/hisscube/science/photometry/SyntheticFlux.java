package org.hisscube.science.photometry;

/**
 * The AB synthetic flux of a spectrum through a filter.
 *
 * @param filter             the filter curve's name (e.g. {@code SDSS r})
 * @param nanomaggies        synthetic f_ν in nanomaggies
 * @param sigmaNanomaggies   its 1σ from the spectrum's σ, assuming independent samples (after rebinning neighbouring
 *                           samples are correlated, so this is a lower bound)
 * @param missingFraction    fraction of the band's photon weight ∫Tλ dλ not covered by valid samples (gaps and
 *                           the parts of the band outside the spectrum), filled with the band-weighted mean
 * @param pivotWavelength    the filter's pivot wavelength, Å
 * @param samplesUsed        number of valid spectrum samples with T &gt; 0
 */
public record SyntheticFlux(String filter, double nanomaggies, double sigmaNanomaggies, double missingFraction,
        double pivotWavelength, int samplesUsed) {

    /** AB magnitude 22.5 − 2.5·log10(nmgy) (NaN for flux ≤ 0). */
    public double abMagnitude() {
        return FluxUnits.abMagnitude(nanomaggies);
    }

    /** The band-averaged f_λ at the pivot wavelength, in the spectra's unit 1e-17 erg/s/cm²/Å. */
    public double flambdaAtPivot() {
        return FluxUnits.nanomaggiesToSpectrumUnits(nanomaggies, pivotWavelength);
    }
}
