package org.hisscube.science.cube;

import java.util.Objects;

/**
 * One zoom of a target (one row of the dense cube): the five-band image stack and the stacked spectrum, and the
 * single epochs that went into them.
 *
 * <p>{@code image[b][row][col]} is band b (0..4 = u, g, r, i, z) of the s × s cutout, rows and columns as in
 * {@link org.hisscube.science.cutout.Cutout} (row j = window row j, i.e. level pixel y0 + j); values in nanomaggies
 * per native pixel, epochs combined by inverse variance, {@code imageErrors} their 1σ (NaN = no usable epoch).
 * {@code spectrum}/{@code spectrumErrors} are the inverse-variance stack of the target's spectra rebinned to the HiSS
 * grid and halved {@code zoom} times (1e-17 erg/s/cm²/Å; NaN = missing), on {@code wavelength} (Å, vacuum).
 *
 * <p>{@code epochSpectra}/{@code epochSpectrumErrors} hold the single epochs that went into the stack (row k =
 * {@link Target#spectrumFiles()} k), on the same grid. {@code epochImages[k][row][col]}/{@code epochImageErrors} are
 * the whole s × s cutout of frame k ({@link Target#frames()} k, one band: that frame's filter) at this zoom and its
 * 1σ, same units and layout as one plane of {@code image}; the planes of {@code image} are the inverse-variance
 * stacks of the epoch images of each band.
 *
 * <p>The arrays are the record's own (not copied): treat them as read-only.
 */
public record TargetZoom(int zoom, int size, float[][][] image, float[][][] imageErrors, float[] spectrum,
        float[] spectrumErrors, double[] wavelength, float[][] epochSpectra, float[][] epochSpectrumErrors,
        float[][][] epochImages, float[][][] epochImageErrors) {
    /** @throws IllegalArgumentException when an epoch array and its errors have different numbers of rows */
    public TargetZoom {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageErrors, "imageErrors");
        Objects.requireNonNull(spectrum, "spectrum");
        Objects.requireNonNull(spectrumErrors, "spectrumErrors");
        Objects.requireNonNull(wavelength, "wavelength");
        if (epochSpectra.length != epochSpectrumErrors.length || epochImages.length != epochImageErrors.length) {
            throw new IllegalArgumentException("zoom " + zoom + ": " + epochSpectra.length + " epoch spectra but "
                    + epochSpectrumErrors.length + " error rows, " + epochImages.length + " epoch images but "
                    + epochImageErrors.length + " error planes");
        }
    }

    /** Spectrum length at this zoom. */
    public int spectrumLength() {
        return spectrum.length;
    }
}
