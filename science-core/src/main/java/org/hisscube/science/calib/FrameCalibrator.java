package org.hisscube.science.calib;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.hisscube.science.fits.SdssFrame;

/**
 * Per-pixel uncertainties of an SDSS frame, exactly the SDSS frame data model:
 *
 * <pre>
 *   simg   = ALLSKY bilinearly interpolated at (XINTERP[x], YINTERP[y]), constant beyond the grid   [counts]
 *   dn     = img[y][x] / cimg[x] + simg                                                              [counts]
 *   dn_err = sqrt(dn / gain + darkVariance)                                                          [counts]
 *   σ      = dn_err · cimg[x]                                                                        [nanomaggies]
 * </pre>
 *
 * with gain and dark variance by camcol, filter and run ({@link CcdCalibration}). Arithmetic is float64; the results
 * are stored as float32. The value itself is the frame's image (already in nanomaggies).
 *
 * <p><b>Missing values.</b> Where {@code dn / gain + darkVariance} is negative (a pixel far below the sky, which the
 * Poisson model cannot describe) or not finite, σ is NaN: the uncertainty is missing and the pixel counts as missing
 * downstream (zoom pyramid, stacking). A non-finite image value is stored as NaN and has a NaN σ.
 *
 * <p>Thread-safe. A 2048 × 1489 frame takes 10–20 ms on one core.
 */
public final class FrameCalibrator {
    private final CcdCalibration ccd;

    /** A calibrator with the SDSS CCD tables. */
    public FrameCalibrator() {
        this(CcdCalibration.sdss());
    }

    public FrameCalibrator(CcdCalibration ccd) {
        this.ccd = Objects.requireNonNull(ccd, "ccd");
    }

    /**
     * Calibrates the whole frame.
     *
     * <p>Row by row, in short passes over plain arrays: the image row widened to float64, the sky row, dn and the
     * variance, σ (the JIT compiles the last three to SIMD code, divisions and square roots included), then one pass
     * that stores σ as float32 or marks it missing. Each pass evaluates exactly the expressions of the class comment,
     * in the same order, as {@link #calibratePixel} does pixel by pixel, so the two agree bit for bit. The values are
     * the frame's own image, shared rather than copied when all of them are finite (both objects are immutable).
     */
    public CalibratedImage calibrate(SdssFrame frame) {
        double gain = ccd.gain(frame.camcol(), frame.filter(), frame.run());
        double darkVariance = ccd.darkVariance(frame.camcol(), frame.filter(), frame.run());
        int width = frame.width();
        int height = frame.height();
        SkyInterpolator sky = new SkyInterpolator(frame.sky());
        double[] cimg = new double[width];
        for (int x = 0; x < width; x++) {
            cimg[x] = frame.calibration(x);
        }
        FloatBuffer image = frame.image();
        float[] errors = new float[width * height];
        double[] value = new double[width];
        double[] skyRow = new double[width];
        double[] variance = new double[width];
        double[] sigma = new double[width];
        long missing = 0;
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 0; x < width; x++) {
                value[x] = image.get(base + x);
            }
            sky.row(y, skyRow);
            for (int x = 0; x < width; x++) {
                variance[x] = (value[x] / cimg[x] + skyRow[x]) / gain + darkVariance;
            }
            for (int x = 0; x < width; x++) {
                sigma[x] = Math.sqrt(variance[x]) * cimg[x];
            }
            for (int x = 0; x < width; x++) {
                double var = variance[x];
                if (var >= 0 && var < Double.POSITIVE_INFINITY) {
                    errors[base + x] = (float) sigma[x];
                } else {
                    errors[base + x] = Float.NaN;
                    missing++;
                }
            }
        }
        // A non-finite value makes dn and the variance non-finite whatever cimg, sky, gain and dark variance are
        // (±inf and NaN survive + and /), so its σ is missing: without missing σ every value is finite.
        FloatBuffer data = missing == 0 ? image : FloatBuffer.wrap(finiteOrNaN(image));
        return new CalibratedImage(frame.fileName(), frame.id(), frame.wcs(), frame.taiSeconds(), width, height, data,
                errors, gain, darkVariance, missing);
    }

    /** A copy of the image with every non-finite value (±inf, any NaN) replaced by {@link Float#NaN}. */
    private static float[] finiteOrNaN(FloatBuffer image) {
        float[] out = new float[image.capacity()];
        image.get(0, out, 0, out.length);
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                out[i] = Float.NaN;
            }
        }
        return out;
    }

    /** The model at one pixel (column x, row y), in float64: for inspection ({@code inspect frame --pixel X,Y}). */
    public PixelCalibration calibratePixel(SdssFrame frame, int x, int y) {
        if (x < 0 || x >= frame.width() || y < 0 || y >= frame.height()) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + frame.width() + "x"
                    + frame.height());
        }
        double gain = ccd.gain(frame.camcol(), frame.filter(), frame.run());
        double darkVariance = ccd.darkVariance(frame.camcol(), frame.filter(), frame.run());
        double c = frame.calibration(x);
        float v = frame.pixel(x, y);
        double simg = new SkyInterpolator(frame.sky()).at(x, y);
        double dn = v / c + simg;
        double variance = dn / gain + darkVariance;
        double sigma = variance >= 0 && variance < Double.POSITIVE_INFINITY ? Math.sqrt(variance) * c : Double.NaN;
        return new PixelCalibration(x, y, Float.isFinite(v) ? v : Double.NaN, sigma, simg, c, dn, gain, darkVariance);
    }
}
