package org.hisscube.science.photometry;

import java.util.Arrays;
import org.hisscube.science.cutout.Cutout;

/**
 * Simple aperture photometry on a {@link Cutout}, for comparing images with spectra ("fiber magnitudes", total flux
 * of a star).
 *
 * <p>Centre: the requested sky position's exact sub-pixel position in the window, (cx, cy) = (px − x0, py − y0).
 * A pixel (i, j) of the window belongs to the aperture when (i − cx)² + (j − cy)² ≤ r² (its centre is inside: simple
 * inclusion, no sub-pixel weighting — so the effective area differs from π·r² by up to a few % for small r; see
 * {@link ApertureFlux#apertureArcsec2()}), and to the background annulus when r_in² &lt; d² ≤ r_out².
 *
 * <pre>
 *   background b = median of the valid annulus values                     [nmgy per native pixel]
 *   flux         = 4^z · Σ_aperture (vᵢ − b)                               [nmgy]
 *   σ            = 4^z · √( Σ σᵢ² + N² · (π/2) · Σ_annulus σₖ² / M² )       (median ≈ √(π/2) × the mean's error)
 * </pre>
 *
 * where N, M are the numbers of valid aperture and annulus pixels. The factor 4^z undoes the pyramid's averaging: a
 * zoom-z value is the mean of 4^z native pixels. Invalid pixels (NaN value or σ) are left out and counted.
 *
 * <p>Stateless.
 */
public final class AperturePhotometry {
    private AperturePhotometry() {
    }

    /**
     * Measures a circular aperture with a background annulus, radii in pixels of the cutout's zoom.
     *
     * @throws IllegalArgumentException when the radii are not 0 &lt; r ≤ r_in &lt; r_out, or the annulus holds no
     *                                  valid pixel
     */
    public static ApertureFlux measure(Cutout cutout, double radiusPx, double annulusInnerPx, double annulusOuterPx) {
        if (!(radiusPx > 0) || !(annulusInnerPx >= radiusPx) || !(annulusOuterPx > annulusInnerPx)) {
            throw new IllegalArgumentException("need 0 < r <= r_in < r_out, got r = " + radiusPx + ", r_in = "
                    + annulusInnerPx + ", r_out = " + annulusOuterPx);
        }
        int s = cutout.size();
        double cx = cutout.windowX();
        double cy = cutout.windowY();
        float[] v = cutout.data();
        float[] e = cutout.errors();
        double r2 = radiusPx * radiusPx;
        double in2 = annulusInnerPx * annulusInnerPx;
        double out2 = annulusOuterPx * annulusOuterPx;
        double[] annulus = new double[s * s];
        int m = 0;
        double annulusVar = 0;
        double sum = 0;
        double var = 0;
        int n = 0;
        int missing = 0;
        for (int j = 0; j < s; j++) {
            double dy = j - cy;
            for (int i = 0; i < s; i++) {
                double dx = i - cx;
                double d2 = dx * dx + dy * dy;
                int k = j * s + i;
                boolean valid = Float.isFinite(v[k]) && Float.isFinite(e[k]);
                if (d2 <= r2) {
                    if (valid) {
                        sum += v[k];
                        var += (double) e[k] * e[k];
                        n++;
                    } else {
                        missing++;
                    }
                } else if (d2 > in2 && d2 <= out2 && valid) {
                    annulus[m++] = v[k];
                    annulusVar += (double) e[k] * e[k];
                }
            }
        }
        if (m == 0) {
            throw new IllegalArgumentException("background annulus " + annulusInnerPx + ".." + annulusOuterPx
                    + " px around (" + cx + ", " + cy + ") holds no valid pixel of the " + s + "x" + s + " cutout");
        }
        double b = median(Arrays.copyOf(annulus, m));
        double factor = Math.pow(4, cutout.zoom());
        double flux = factor * (sum - n * b);
        double bgVar = Math.PI / 2 * annulusVar / ((double) m * m);
        double sigma = factor * Math.sqrt(var + (double) n * n * bgVar);
        double area = n * FluxUnits.pixelAreaArcsec2(cutout.zoom());
        return new ApertureFlux(flux, sigma, b, radiusPx, area, n, missing, m, cutout.zoom());
    }

    /**
     * The flux a fiber of diameter d [arcsec] centred on the position would see on the image (no seeing correction):
     * aperture radius d/2 converted to pixels of the cutout's zoom, background from the annulus 2.5·d .. 5·d in
     * diameter (i.e. radii 1.25·d .. 2.5·d arcsec). For point sources this is <em>not</em> the spectrum's flux: SDSS
     * calibrates spectra of point sources to PSF (≈ total) flux, not fiber flux.
     */
    public static ApertureFlux fiberFlux(Cutout cutout, double diameterArcsec) {
        double scale = FluxUnits.pixelScaleArcsec(cutout.zoom());
        double r = diameterArcsec / 2 / scale;
        return measure(cutout, r, 1.25 * diameterArcsec / scale, 2.5 * diameterArcsec / scale);
    }

    private static double median(double[] a) {
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
}
