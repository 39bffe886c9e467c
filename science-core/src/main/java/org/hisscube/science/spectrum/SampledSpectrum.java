package org.hisscube.science.spectrum;

import java.util.Arrays;

/**
 * A spectrum on a wavelength grid (the HiSS-Cube grid or one of its zooms): per sample the wavelength [Å], the flux
 * density [1e-17 erg/s/cm²/Å] and its 1σ uncertainty, all float64. Immutable: arrays are copied in and out.
 *
 * <p><b>Missing samples</b> are NaN — never 0. A sample is missing when its flux or its σ is not finite; the
 * constructor then sets both to NaN, so {@code isNaN(flux[i]) == isNaN(sigma[i])} always holds. Writers that store
 * float32 (the cube's HDF5 segments) use {@link #fluxFloat32()} / {@link #sigmaFloat32()}; NaN stays NaN.
 */
public final class SampledSpectrum {
    private final double[] wavelength;
    private final double[] flux;
    private final double[] sigma;

    /**
     * @throws IllegalArgumentException when the arrays differ in length, are empty, the wavelengths are not finite
     *                                  and strictly increasing, or a σ is negative
     */
    public SampledSpectrum(double[] wavelength, double[] flux, double[] sigma) {
        int n = wavelength.length;
        if (n == 0 || flux.length != n || sigma.length != n) {
            throw new IllegalArgumentException("wavelength/flux/sigma lengths " + n + "/" + flux.length + "/"
                    + sigma.length + " must be equal and non-zero");
        }
        this.wavelength = wavelength.clone();
        this.flux = flux.clone();
        this.sigma = sigma.clone();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(this.wavelength[i]) || (i > 0 && !(this.wavelength[i] > this.wavelength[i - 1]))) {
                throw new IllegalArgumentException("wavelengths must be finite and strictly increasing (at " + i + ")");
            }
            if (this.sigma[i] < 0) {
                throw new IllegalArgumentException("negative sigma " + this.sigma[i] + " at " + i);
            }
            if (!Double.isFinite(this.flux[i]) || !Double.isFinite(this.sigma[i])) {
                this.flux[i] = Double.NaN;
                this.sigma[i] = Double.NaN;
            }
        }
    }

    public int length() {
        return wavelength.length;
    }

    public double[] wavelength() {
        return wavelength.clone();
    }

    public double[] flux() {
        return flux.clone();
    }

    public double[] sigma() {
        return sigma.clone();
    }

    public double wavelength(int i) {
        return wavelength[i];
    }

    public double flux(int i) {
        return flux[i];
    }

    public double sigma(int i) {
        return sigma[i];
    }

    public boolean isMissing(int i) {
        return Double.isNaN(flux[i]);
    }

    public int missingCount() {
        int c = 0;
        for (double f : flux) {
            if (Double.isNaN(f)) {
                c++;
            }
        }
        return c;
    }

    /** Flux narrowed to float32 (for storage; NaN stays NaN). */
    public float[] fluxFloat32() {
        return toFloat(flux);
    }

    /** σ narrowed to float32 (for storage; NaN stays NaN). */
    public float[] sigmaFloat32() {
        return toFloat(sigma);
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampledSpectrum s && Arrays.equals(wavelength, s.wavelength)
                && Arrays.equals(flux, s.flux) && Arrays.equals(sigma, s.sigma);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(wavelength) + Arrays.hashCode(flux)) + Arrays.hashCode(sigma);
    }

    @Override
    public String toString() {
        return "SampledSpectrum[" + length() + " samples, " + wavelength[0] + ".." + wavelength[length() - 1]
                + " Å, " + missingCount() + " missing]";
    }
}
