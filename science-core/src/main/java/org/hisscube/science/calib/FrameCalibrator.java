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
 * <p>Thread-safe. A 2048 × 1489 frame takes a few tens of milliseconds on one core.
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

    /** Calibrates the whole frame. */
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
        float[] data = new float[width * height];
        float[] errors = new float[width * height];
        FloatBuffer image = frame.image();
        image.get(0, data, 0, data.length);
        double[] rowSky = new double[sky.gridCols()];
        long missing = 0;
        for (int y = 0; y < height; y++) {
            sky.rowAlongY(y, rowSky);
            int base = y * width;
            for (int x = 0; x < width; x++) {
                float v = data[base + x];
                double c = cimg[x];
                double dn = v / c + sky.at(x, rowSky);
                double variance = dn / gain + darkVariance;
                if (variance >= 0 && variance < Double.POSITIVE_INFINITY) {
                    errors[base + x] = (float) (Math.sqrt(variance) * c);
                } else {
                    errors[base + x] = Float.NaN;
                    missing++;
                }
                if (!Float.isFinite(v)) {
                    data[base + x] = Float.NaN;
                }
            }
        }
        return new CalibratedImage(frame.fileName(), frame.id(), frame.wcs(), frame.taiSeconds(), width, height, data,
                errors, gain, darkVariance, missing);
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
