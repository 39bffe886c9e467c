package org.hisscube.simulator;

import org.hisscube.science.calib.CalibratedImage;

/** Circular-aperture photometry on a calibrated frame, for checking simulated frames against their truth. */
final class Apertures {
    private Apertures() {
    }

    /**
     * {flux, σ} (nanomaggies) within {@code r} pixels of (cx, cy) after subtracting the mean of the annulus
     * {@code rIn}-{@code rOut}; σ from the science core's error image, widened by the background's uncertainty.
     * Pixels off the frame are skipped.
     */
    static double[] measure(CalibratedImage im, double cx, double cy, double r, double rIn, double rOut) {
        double sum = 0;
        double var = 0;
        int n = 0;
        double ring = 0;
        int m = 0;
        int h = (int) Math.ceil(rOut) + 1;
        for (int y = (int) cy - h; y <= (int) cy + h; y++) {
            for (int x = (int) cx - h; x <= (int) cx + h; x++) {
                if (x < 0 || y < 0 || x >= im.width() || y >= im.height()) {
                    continue;
                }
                double d = Math.hypot(x - cx, y - cy);
                if (d <= r) {
                    sum += im.value(x, y);
                    var += Math.pow(im.sigma(x, y), 2);
                    n++;
                } else if (d >= rIn && d <= rOut) {
                    ring += im.value(x, y);
                    m++;
                }
            }
        }
        if (n == 0 || m == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double bg = ring / m;
        return new double[] {sum - n * bg, Math.sqrt(var * (1 + (double) n / m))};
    }
}
