package org.hisscube.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seeing of a real frame, measured on its stars: the FWHM (pixels) of a Gaussian with the flux-weighted second
 * moments of isolated, round, high-S/N, unsaturated sources. Stars are the narrowest sources and galaxies only
 * broader, so the value is a low quantile (the 25th percentile) of the sources' FWHMs, not their median.
 *
 * <p>Sources: local maxima at least {@link #MIN_PEAK_SIGMA} times the frame's noise (1.4826 × the median absolute
 * deviation of a pixel sample) above zero (the frame is sky-subtracted), no brighter pixel within {@link #ISOLATION}
 * pixels, at least 20 pixels from the edge, peak below {@link #MAX_PEAK_NMGY} (clear of saturation); the moments are
 * taken within {@link #RADIUS} pixels of the peak after subtracting the median of an annulus 10-14 pixels out, and a
 * source counts if its ellipticity |Ixx - Iyy| / (Ixx + Iyy) and |2 Ixy| / (Ixx + Iyy) are both below 0.15.
 */
public final class PsfMeasurement {
    static final double MIN_PEAK_SIGMA = 40;
    static final int ISOLATION = 12;
    static final int RADIUS = 8;
    static final double MAX_PEAK_NMGY = 300;
    static final double GAUSSIAN_FWHM_PER_SIGMA = 2.0 * Math.sqrt(2.0 * Math.log(2.0));

    /** The measurement: FWHM in pixels, the number of stars it rests on, and their FWHM spread. */
    public record Psf(double fwhmPixels, int stars, double fwhmMin, double fwhmMax) {
        public double sigmaPixels() {
            return fwhmPixels / GAUSSIAN_FWHM_PER_SIGMA;
        }
    }

    private PsfMeasurement() {
    }

    public static Psf measure(float[] image, int width, int height, String file) {
        return of(starFwhms(image, width, height), file);
    }

    /** The measurement from the FWHMs of the stars of one or more frames of a band. */
    public static Psf of(List<Double> fwhms, String where) {
        if (fwhms.size() < 5) {
            throw new SimulatorException(where + ": only " + fwhms.size() + " isolated stars to measure the PSF on");
        }
        double[] s = fwhms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Psf(s[(int) Math.floor(0.25 * (s.length - 1))], s.length, s[0], s[s.length - 1]);
    }

    /** The second-moment FWHM (pixels) of every source of the frame that qualifies as a PSF star. */
    public static List<Double> starFwhms(float[] image, int width, int height) {
        double noise = noise(image);
        List<Double> fwhms = new ArrayList<>();
        int margin = 20;
        for (int y = margin; y < height - margin; y++) {
            for (int x = margin; x < width - margin; x++) {
                float p = image[y * width + x];
                if (!(p > MIN_PEAK_SIGMA * noise) || p > MAX_PEAK_NMGY || !isIsolatedPeak(image, width, height, x, y)) {
                    continue;
                }
                double f = fwhm(image, width, x, y);
                if (f > 0) {
                    fwhms.add(f);
                }
            }
        }
        return fwhms;
    }

    static double noise(float[] image) {
        int step = Math.max(1, image.length / 200_000);
        double[] sample = new double[(image.length + step - 1) / step];
        int n = 0;
        for (int i = 0; i < image.length; i += step) {
            if (Float.isFinite(image[i])) {
                sample[n++] = image[i];
            }
        }
        double[] s = Arrays.copyOf(sample, n);
        double median = median(s);
        for (int i = 0; i < n; i++) {
            s[i] = Math.abs(s[i] - median);
        }
        return 1.4826 * median(s);
    }

    static boolean isIsolatedPeak(float[] image, int width, int height, int x, int y) {
        float p = image[y * width + x];
        for (int dy = -ISOLATION; dy <= ISOLATION; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= height) {
                return false;
            }
            for (int dx = -ISOLATION; dx <= ISOLATION; dx++) {
                int xx = x + dx;
                if ((dx != 0 || dy != 0) && (xx < 0 || xx >= width || image[yy * width + xx] >= p)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Second-moment FWHM around a peak, or -1 where the source is not round enough. */
    private static double fwhm(float[] image, int width, int x0, int y0) {
        List<Double> ring = new ArrayList<>();
        for (int dy = -14; dy <= 14; dy++) {
            for (int dx = -14; dx <= 14; dx++) {
                double r2 = dx * dx + dy * dy;
                if (r2 >= 100 && r2 <= 196) {
                    ring.add((double) image[(y0 + dy) * width + x0 + dx]);
                }
            }
        }
        double bg = median(ring.stream().mapToDouble(Double::doubleValue).toArray());
        double sum = 0;
        double sx = 0;
        double sy = 0;
        for (int dy = -RADIUS; dy <= RADIUS; dy++) {
            for (int dx = -RADIUS; dx <= RADIUS; dx++) {
                if (dx * dx + dy * dy <= RADIUS * RADIUS) {
                    double v = image[(y0 + dy) * width + x0 + dx] - bg;
                    sum += v;
                    sx += v * dx;
                    sy += v * dy;
                }
            }
        }
        if (!(sum > 0)) {
            return -1;
        }
        double cx = sx / sum;
        double cy = sy / sum;
        double ixx = 0;
        double iyy = 0;
        double ixy = 0;
        double w = 0;
        for (int dy = -RADIUS; dy <= RADIUS; dy++) {
            for (int dx = -RADIUS; dx <= RADIUS; dx++) {
                if (dx * dx + dy * dy <= RADIUS * RADIUS) {
                    double v = image[(y0 + dy) * width + x0 + dx] - bg;
                    double ux = dx - cx;
                    double uy = dy - cy;
                    ixx += v * ux * ux;
                    iyy += v * uy * uy;
                    ixy += v * ux * uy;
                    w += v;
                }
            }
        }
        ixx /= w;
        iyy /= w;
        ixy /= w;
        double t = ixx + iyy;
        if (!(t > 0) || Math.abs(ixx - iyy) / t > 0.15 || Math.abs(2 * ixy) / t > 0.15) {
            return -1;
        }
        // a pixelated Gaussian has Ixx = σ² + 1/12 (the pixel's own variance)
        double sigma2 = t / 2 - 1.0 / 12;
        return sigma2 > 0 ? Math.sqrt(sigma2) * GAUSSIAN_FWHM_PER_SIGMA : -1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
