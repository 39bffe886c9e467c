package org.hisscube.simulator;

import java.util.List;
import java.util.SplittableRandom;
import org.hisscube.science.calib.SkyInterpolator;
import org.hisscube.science.wcs.TanWcs;

/**
 * One simulated frame image [nanomaggies], drawn so that the science core's σ model is exactly the right one:
 * <ol>
 *   <li>the noiseless sky-subtracted scene: point sources as the band's Gaussian PSF (FWHM measured on the real
 *       frame) integrated over each pixel; galaxies as Sérsic profiles sampled 3 × 3 per pixel, normalised to their
 *       flux within a stamp of ±8 half-light radii, then convolved with the same PSF;</li>
 *   <li>in counts: μ = scene / cimg + sky, with the real frame's calibration vector cimg and its sky grid ALLSKY
 *       interpolated at XINTERP, YINTERP;</li>
 *   <li>noise of variance μ / gain + dark variance (Poisson in electrons in its Gaussian limit — the sky alone is
 *       tens to hundreds of electrons per pixel — plus read noise), gain and dark variance from the CCD tables for
 *       the frame's camcol, band and run;</li>
 *   <li>back to nanomaggies without the sky, (counts − sky) · cimg, and truncated to 10 significant binary digits
 *       as SDSS's FLOATCOMPRESS does to real frames (so the files compress as real ones do).</li>
 * </ol>
 */
final class FrameRenderer {
    static final int WIDTH = 2048;
    static final int HEIGHT = 1489;
    private static final int FLOATCOMPRESS_MASK = ~((1 << 14) - 1);

    private FrameRenderer() {
    }

    static float[] render(RealSurvey.FrameTemplate template, TanWcs wcs, List<SimObject> objects, int bandIndex,
            double gain, double darkVariance, SplittableRandom noise) {
        double[] scene = new double[WIDTH * HEIGHT];
        double sigma = template.psf().sigmaPixels();
        for (SimObject o : objects) {
            double[] p = wcs.worldToPixel(o.ra(), o.dec());
            double flux = Math.pow(10, -0.4 * (o.ugriz()[bandIndex] - 22.5));
            if (o.pointSource()) {
                addPointSource(scene, p[0], p[1], flux, sigma);
            } else {
                addGalaxy(scene, p[0], p[1], flux, sigma, o);
            }
        }
        SkyInterpolator sky = new SkyInterpolator(template.frame().sky());
        float[] cimg = template.cimg();
        float[] image = new float[WIDTH * HEIGHT];
        double[] skyRow = new double[WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            sky.row(y, skyRow);
            int base = y * WIDTH;
            for (int x = 0; x < WIDTH; x++) {
                double mu = scene[base + x] / cimg[x] + skyRow[x];
                double counts = mu + Math.sqrt(Math.max(0, mu) / gain + darkVariance) * noise.nextGaussian();
                image[base + x] = floatCompress((float) ((counts - skyRow[x]) * cimg[x]));
            }
        }
        return image;
    }

    /** Keeps 10 significant binary digits (9 stored mantissa bits), truncating as FLOATCOMPRESS does. */
    static float floatCompress(float v) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(v) & FLOATCOMPRESS_MASK);
    }

    /** A Gaussian integrated over pixels: separable, exact up to the error function's 1e-7. */
    static void addPointSource(double[] scene, double cx, double cy, double flux, double sigma) {
        int h = (int) Math.ceil(6 * sigma) + 1;
        int x0 = (int) Math.round(cx);
        int y0 = (int) Math.round(cy);
        double[] fx = pixelGaussian(cx - x0, sigma, h);
        double[] fy = pixelGaussian(cy - y0, sigma, h);
        for (int j = -h; j <= h; j++) {
            int y = y0 + j;
            if (y < 0 || y >= HEIGHT) {
                continue;
            }
            for (int i = -h; i <= h; i++) {
                int x = x0 + i;
                if (x >= 0 && x < WIDTH) {
                    scene[y * WIDTH + x] += flux * fx[i + h] * fy[j + h];
                }
            }
        }
    }

    /** Fractions of a unit Gaussian centred at {@code offset} that fall in pixels -h..h. */
    static double[] pixelGaussian(double offset, double sigma, int h) {
        double[] f = new double[2 * h + 1];
        double s = sigma * Math.sqrt(2);
        for (int i = -h; i <= h; i++) {
            f[i + h] = 0.5 * (erf((i + 0.5 - offset) / s) - erf((i - 0.5 - offset) / s));
        }
        return f;
    }

    static void addGalaxy(double[] scene, double cx, double cy, double flux, double sigma, SimObject o) {
        double re = o.halfLightArcsec() / 0.396;
        double n = o.profile().equals("dev") ? 4 : 1;
        double bn = 2 * n - 1.0 / 3 + 4 / (405 * n) + 46 / (25515 * n * n);
        int hs = (int) Math.ceil(Math.min(120, 8 * re));
        int hk = (int) Math.ceil(5 * sigma) + 1;
        int x0 = (int) Math.round(cx);
        int y0 = (int) Math.round(cy);
        double ox = cx - x0;
        double oy = cy - y0;
        int size = 2 * hs + 1;
        double[] stamp = new double[size * size];
        double cos = Math.cos(Math.toRadians(o.positionAngle()));
        double sin = Math.sin(Math.toRadians(o.positionAngle()));
        double q = o.axisRatio();
        double sum = 0;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double v = 0;
                for (int sj = 0; sj < 3; sj++) {
                    double dy = j - hs + (sj - 1) / 3.0 - oy;
                    for (int si = 0; si < 3; si++) {
                        double dx = i - hs + (si - 1) / 3.0 - ox;
                        double a = dx * cos + dy * sin;
                        double b = (-dx * sin + dy * cos) / q;
                        double rr = Math.sqrt(a * a + b * b) / re;
                        if (rr <= 8) {
                            v += Math.exp(-bn * (Math.pow(rr, 1 / n) - 1));
                        }
                    }
                }
                stamp[j * size + i] = v;
                sum += v;
            }
        }
        if (!(sum > 0)) {
            addPointSource(scene, cx, cy, flux, sigma);
            return;
        }
        double[] kernel = pixelGaussian(0, sigma, hk);
        int full = size + 2 * hk;
        double[] rows = new double[size * full];
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double v = stamp[j * size + i] / sum;
                if (v != 0) {
                    for (int k = -hk; k <= hk; k++) {
                        rows[j * full + i + hk + k] += v * kernel[k + hk];
                    }
                }
            }
        }
        int half = hs + hk;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < full; i++) {
                double v = rows[j * full + i];
                if (v == 0) {
                    continue;
                }
                int x = x0 + i - half;
                if (x < 0 || x >= WIDTH) {
                    continue;
                }
                for (int k = -hk; k <= hk; k++) {
                    int y = y0 + j - hs + k;
                    if (y >= 0 && y < HEIGHT) {
                        scene[y * WIDTH + x] += flux * v * kernel[k + hk];
                    }
                }
            }
        }
    }

    /** The error function, Abramowitz & Stegun 7.1.26 refined: |error| below 1.2e-7 (Numerical Recipes' erfc). */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - r : r - 1;
    }
}
