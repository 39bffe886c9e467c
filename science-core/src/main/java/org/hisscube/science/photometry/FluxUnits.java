package org.hisscube.science.photometry;

import org.hisscube.science.spectrum.SdssSpectrum;

/**
 * Flux units of SDSS images and spectra, and the conversions between them. All float64.
 *
 * <ul>
 *   <li>Images: nanomaggies (nmgy) per pixel. 1 nmgy = 3.631e-6 Jy = 3.631e-29 erg/s/cm²/Hz (AB: m = 22.5 −
 *       2.5·log10(nmgy)). The SDSS pixel is {@value #SDSS_PIXEL_ARCSEC}″ on a side.</li>
 *   <li>Spectra: flux density f_λ in {@value #SPECTRUM_FLUX_UNIT} erg/s/cm²/Å ("1e-17 units").</li>
 *   <li>f_λ = f_ν · c / λ², c = {@value #SPEED_OF_LIGHT_ANGSTROM_PER_S} Å/s, λ in Å.</li>
 * </ul>
 *
 * <p><b>Zoom levels.</b> The image pyramid averages 2×2 blocks, so a pixel value at any zoom is still nanomaggies per
 * <i>native</i> pixel: its surface brightness is value / 0.396² at every zoom, and the total flux in a zoom-z pixel
 * is value · 4^z.
 *
 * <p><b>Fibers.</b> A fiber of diameter d covers π·(d/2)² arcsec² (3″ → 7.0686 arcsec²; not HiSS-Cube's π·d²), d =
 * 3″ for SDSS-I/II/SEGUE and 2″ for BOSS/eBOSS ({@link SdssSpectrum#fiberDiameterArcsec()}).
 */
public final class FluxUnits {
    /** 1 nanomaggy in Jansky. */
    public static final double JANSKY_PER_NANOMAGGY = 3.631e-6;
    /** 1 nanomaggy in erg/s/cm²/Hz. */
    public static final double FNU_CGS_PER_NANOMAGGY = 3.631e-29;
    /** Speed of light in Å/s. */
    public static final double SPEED_OF_LIGHT_ANGSTROM_PER_S = 2.99792458e18;
    /** The unit of SDSS spectra: 1e-17 erg/s/cm²/Å. */
    public static final double SPECTRUM_FLUX_UNIT = 1e-17;
    /** Side of a native SDSS pixel, arcsec. */
    public static final double SDSS_PIXEL_ARCSEC = 0.396;
    /** Area of a native SDSS pixel, arcsec² (0.396² = 0.156816). */
    public static final double SDSS_PIXEL_AREA_ARCSEC2 = SDSS_PIXEL_ARCSEC * SDSS_PIXEL_ARCSEC;
    /** AB magnitude of 1 nanomaggy. */
    public static final double NANOMAGGY_ZERO_POINT = 22.5;

    private FluxUnits() {
    }

    /** nanomaggies → Jansky. */
    public static double nanomaggiesToJansky(double nmgy) {
        return nmgy * JANSKY_PER_NANOMAGGY;
    }

    /** nanomaggies → f_ν in erg/s/cm²/Hz. */
    public static double nanomaggiesToFnu(double nmgy) {
        return nmgy * FNU_CGS_PER_NANOMAGGY;
    }

    /** f_ν in erg/s/cm²/Hz → nanomaggies. */
    public static double fnuToNanomaggies(double fnuCgs) {
        return fnuCgs / FNU_CGS_PER_NANOMAGGY;
    }

    /** f_ν [erg/s/cm²/Hz] → f_λ [erg/s/cm²/Å] at λ [Å]: f_ν·c/λ². */
    public static double fnuToFlambda(double fnuCgs, double lambdaAngstrom) {
        checkLambda(lambdaAngstrom);
        return fnuCgs * SPEED_OF_LIGHT_ANGSTROM_PER_S / (lambdaAngstrom * lambdaAngstrom);
    }

    /** f_λ [erg/s/cm²/Å] → f_ν [erg/s/cm²/Hz] at λ [Å]: f_λ·λ²/c. */
    public static double flambdaToFnu(double flambdaCgs, double lambdaAngstrom) {
        checkLambda(lambdaAngstrom);
        return flambdaCgs * lambdaAngstrom * lambdaAngstrom / SPEED_OF_LIGHT_ANGSTROM_PER_S;
    }

    /** nanomaggies → f_λ in the spectra's unit (1e-17 erg/s/cm²/Å) at λ [Å]. */
    public static double nanomaggiesToSpectrumUnits(double nmgy, double lambdaAngstrom) {
        return fnuToFlambda(nanomaggiesToFnu(nmgy), lambdaAngstrom) / SPECTRUM_FLUX_UNIT;
    }

    /** f_λ in the spectra's unit (1e-17 erg/s/cm²/Å) at λ [Å] → nanomaggies. */
    public static double spectrumUnitsToNanomaggies(double flambda, double lambdaAngstrom) {
        return fnuToNanomaggies(flambdaToFnu(flambda * SPECTRUM_FLUX_UNIT, lambdaAngstrom));
    }

    /** AB magnitude of a flux in nanomaggies: 22.5 − 2.5·log10(nmgy) (NaN for flux ≤ 0). */
    public static double abMagnitude(double nmgy) {
        return nmgy > 0 ? NANOMAGGY_ZERO_POINT - 2.5 * Math.log10(nmgy) : Double.NaN;
    }

    /** Flux in nanomaggies of an AB magnitude: 10^((22.5 − m)/2.5). */
    public static double nanomaggiesOfAbMagnitude(double mag) {
        return Math.pow(10.0, (NANOMAGGY_ZERO_POINT - mag) / 2.5);
    }

    /** Area of a pixel at a zoom level, arcsec²: (0.396·2^z)². */
    public static double pixelAreaArcsec2(int zoom) {
        if (zoom < 0 || zoom > 30) {
            throw new IllegalArgumentException("zoom must be 0..30: " + zoom);
        }
        double side = SDSS_PIXEL_ARCSEC * (1 << zoom);
        return side * side;
    }

    /** Side of a pixel at a zoom level, arcsec: 0.396·2^z. */
    public static double pixelScaleArcsec(int zoom) {
        if (zoom < 0 || zoom > 30) {
            throw new IllegalArgumentException("zoom must be 0..30: " + zoom);
        }
        return SDSS_PIXEL_ARCSEC * (1 << zoom);
    }

    /**
     * Surface brightness [nanomaggies/arcsec²] of an image pixel value [nanomaggies per native pixel] — valid at every
     * zoom, because pyramid values are means over native pixels: value / 0.156816.
     */
    public static double surfaceBrightnessPerArcsec2(double nmgyPerNativePixel) {
        return nmgyPerNativePixel / SDSS_PIXEL_AREA_ARCSEC2;
    }

    /** Area of a fiber of diameter d [arcsec], arcsec²: π·(d/2)². */
    public static double fiberAreaArcsec2(double diameterArcsec) {
        if (!(diameterArcsec > 0) || !Double.isFinite(diameterArcsec)) {
            throw new IllegalArgumentException("fiber diameter must be finite and > 0: " + diameterArcsec);
        }
        double r = diameterArcsec / 2.0;
        return Math.PI * r * r;
    }

    /** Flux [nanomaggies] in a fiber of diameter d [arcsec] on a uniform surface brightness [nmgy/arcsec²]. */
    public static double fiberFlux(double surfaceBrightnessPerArcsec2, double diameterArcsec) {
        return surfaceBrightnessPerArcsec2 * fiberAreaArcsec2(diameterArcsec);
    }

    /** Flux [nanomaggies] in the fiber of this spectrum (3″ or 2″) on a uniform surface brightness [nmgy/arcsec²]. */
    public static double fiberFlux(double surfaceBrightnessPerArcsec2, SdssSpectrum spectrum) {
        return fiberFlux(surfaceBrightnessPerArcsec2, spectrum.fiberDiameterArcsec());
    }

    private static void checkLambda(double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("wavelength must be finite and > 0 Å: " + lambda);
        }
    }
}
