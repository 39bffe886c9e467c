package org.hisscube.science.photometry;

/**
 * Background-subtracted aperture photometry of a cutout.
 *
 * @param nanomaggies        total flux in the aperture minus background, nanomaggies (already ×4^zoom at lower zooms)
 * @param sigmaNanomaggies   1σ: pixel σ's in quadrature plus the background median's uncertainty
 * @param backgroundPerPixel background median, nanomaggies per native pixel (the image's pixel unit)
 * @param radiusPx           aperture radius in pixels of the cutout's zoom
 * @param apertureArcsec2    sky area of the pixels counted in the aperture, arcsec²
 * @param aperturePixels     number of valid pixels summed
 * @param missingInAperture  pixels in the aperture with a NaN value or σ (left out; the flux is then low)
 * @param annulusPixels      number of valid pixels the background median was taken over
 * @param zoom               zoom of the cutout
 */
public record ApertureFlux(double nanomaggies, double sigmaNanomaggies, double backgroundPerPixel, double radiusPx,
        double apertureArcsec2, int aperturePixels, int missingInAperture, int annulusPixels, int zoom) {

    /** AB magnitude 22.5 − 2.5·log10(nmgy) (NaN for flux ≤ 0). */
    public double abMagnitude() {
        return FluxUnits.abMagnitude(nanomaggies);
    }
}
