package org.hisscube.science.calib;

/**
 * The uncertainty model evaluated at one pixel, in float64 (the image arrays hold the same values rounded to
 * float32).
 *
 * @param x column (0-based)
 * @param y row (0-based)
 * @param value calibrated value [nanomaggies] (the frame's image value; NaN when missing)
 * @param sigma 1-σ uncertainty [nanomaggies], NaN when the variance is negative or not finite
 * @param skyDn the interpolated sky simg [counts]
 * @param calibration cimg, nanomaggies per count of this column
 * @param dn counts img/cimg + simg
 * @param gain CCD gain [e-/count]
 * @param darkVariance dark variance [counts²]
 */
public record PixelCalibration(int x, int y, double value, double sigma, double skyDn, double calibration, double dn,
        double gain, double darkVariance) {
}
