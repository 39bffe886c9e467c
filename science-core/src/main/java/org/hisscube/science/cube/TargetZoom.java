package org.hisscube.science.cube;

/**
 * One zoom of a target (one row of the dense cube): the five-band image stack and the stacked spectrum.
 *
 * <p>{@code image[b][row][col]} is band b (0..4 = u, g, r, i, z) of the s × s cutout, rows and columns as in
 * {@link org.hisscube.science.cutout.Cutout} (row j = window row j, i.e. level pixel y0 + j); values in nanomaggies
 * per native pixel, epochs combined by inverse variance, {@code imageErrors} their 1σ (NaN = no usable epoch).
 * {@code spectrum}/{@code spectrumErrors} are the inverse-variance stack of the target's spectra rebinned to the HiSS
 * grid and halved {@code zoom} times (1e-17 erg/s/cm²/Å; NaN = missing), on {@code wavelength} (Å, vacuum).
 *
 * {@code epochSpectra}/{@code epochSpectrumErrors} hold the single epochs that went into the stack (row k =
 * {@link Target#spectrumFiles()} k), on the same grid.
 *
 * <p>The arrays are the record's own (not copied): treat them as read-only.
 */
public record TargetZoom(int zoom, int size, float[][][] image, float[][][] imageErrors, float[] spectrum,
        float[] spectrumErrors, double[] wavelength, float[][] epochSpectra, float[][] epochSpectrumErrors) {

    /** Spectrum length at this zoom. */
    public int spectrumLength() {
        return spectrum.length;
    }
}
