package org.hisscube.features;

/**
 * SDSS asinh magnitudes (Lupton, Gunn & Szalay 1999), as the SDSS catalogs give them: {@code m = -(2.5/ln 10) ·
 * [asinh((f/f0) / 2b) + ln b]} with f/f0 the flux in maggies and the softening b per band u, g, r, i, z =
 * 1.4, 0.9, 1.2, 1.8, 7.4 × 10⁻¹⁰. Defined for zero and negative flux, which is why the photometry needs no mask for
 * faint objects. The same softening (in nanomaggies: b · 10⁹) is the image stretch.
 */
public final class AsinhMagnitudes {
    public static final double[] SOFTENING = {1.4e-10, 0.9e-10, 1.2e-10, 1.8e-10, 7.4e-10};
    static final double POGSON = 2.5 / Math.log(10);

    private AsinhMagnitudes() {
    }

    public static double magnitude(double nanomaggies, int band) {
        double b = SOFTENING[band];
        return -POGSON * (asinh(nanomaggies * 1e-9 / (2 * b)) + Math.log(b));
    }

    /** 1σ of {@link #magnitude} for a flux error {@code sigma} (nanomaggies), to first order. */
    public static double error(double nanomaggies, double sigma, int band) {
        double b2 = 2 * SOFTENING[band];
        double x = nanomaggies * 1e-9 / b2;
        return POGSON * (sigma * 1e-9 / b2) / Math.sqrt(1 + x * x);
    }

    /** b · f0 in nanomaggies: the flux below which the magnitude turns linear (u 0.14 … z 0.74 nmgy). */
    public static double softeningNanomaggies(int band) {
        return SOFTENING[band] * 1e9;
    }

    static double asinh(double x) {
        return Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
    }
}
