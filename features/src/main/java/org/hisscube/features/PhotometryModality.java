package org.hisscube.features;

import org.hisscube.contracts.events.Modality;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;

/**
 * Aperture photometry on the target's own cutouts: in each band the flux within {@value #APERTURE_RADIUS_ARCSEC}″ of
 * the cutout centre (the target position lies within half a pixel of it), pixels weighted by the fraction of their
 * area inside the circle ({@value #SUBPIXELS}×{@value #SUBPIXELS} sub-pixels), σ from the error cube in quadrature.
 * The frames are sky-subtracted by the SDSS pipeline, so no local background is taken off (a ring in a 25″ cutout
 * would hold the neighbours). A binned pixel at zoom z holds the mean of 4^z native pixels, so fluxes are summed
 * times 4^z. Values: u, g, r, i, z SDSS asinh magnitudes ({@link AsinhMagnitudes}), then the colours u-g, g-r, r-i,
 * i-z; σ to first order, colours in quadrature (the bands' noise is independent). A band whose aperture touches a
 * missing pixel is masked, and so is every colour it enters.
 *
 * <p>Embedding (non-learned): the photometry vector itself.
 */
public final class PhotometryModality implements FeatureModality {
    public static final double APERTURE_RADIUS_ARCSEC = 3.0;
    static final int SUBPIXELS = 5;
    public static final String[] COMPONENTS = {"u", "g", "r", "i", "z", "u-g", "g-r", "r-i", "i-z"};

    @Override
    public Modality modality() {
        return Modality.PHOTOMETRY;
    }

    @Override
    public String name() {
        return "photometry";
    }

    /** {flux, σ} in nanomaggies within the aperture of one plane at a zoom, or {NaN, NaN} if it touches a gap. */
    public static double[] apertureFlux(float[][] plane, float[][] errors, int zoom) {
        int s = plane.length;
        double radius = APERTURE_RADIUS_ARCSEC / (0.396 * (1 << zoom));
        double c = s / 2.0;
        double flux = 0;
        double var = 0;
        int reach = (int) Math.ceil(radius) + 1;
        for (int y = Math.max(0, (int) c - reach); y <= Math.min(s - 1, (int) c + reach); y++) {
            for (int x = Math.max(0, (int) c - reach); x <= Math.min(s - 1, (int) c + reach); x++) {
                double w = overlap(x, y, c, radius);
                if (w == 0) {
                    continue;
                }
                float f = plane[y][x];
                float e = errors[y][x];
                if (!Float.isFinite(f) || !Float.isFinite(e)) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                flux += w * f;
                var += w * w * (double) e * e;
            }
        }
        double pixels = 1 << (2 * zoom);
        return new double[] {flux * pixels, Math.sqrt(var) * pixels};
    }

    /** Fraction of pixel (x, y) (edges at ±0.5) inside the circle of {@code radius} around (c, c). */
    static double overlap(int x, int y, double c, double radius) {
        int inside = 0;
        for (int j = 0; j < SUBPIXELS; j++) {
            for (int i = 0; i < SUBPIXELS; i++) {
                double px = x - 0.5 + (i + 0.5) / SUBPIXELS;
                double py = y - 0.5 + (j + 0.5) / SUBPIXELS;
                if ((px - c) * (px - c) + (py - c) * (py - c) <= radius * radius) {
                    inside++;
                }
            }
        }
        return inside / (double) (SUBPIXELS * SUBPIXELS);
    }

    @Override
    public Tensor derive(Target target, int zoom) {
        TargetZoom tz = target.zoom(zoom);
        if (tz.image().length != 5) {
            throw new TargetRefusedException("no_bands", "target " + target.id() + " zoom " + zoom + " has "
                    + tz.image().length + " image planes, not 5 (u, g, r, i, z)");
        }
        float[] v = new float[9];
        float[] s = new float[9];
        byte[] mask = new byte[9];
        double[] mag = new double[5];
        double[] err = new double[5];
        for (int b = 0; b < 5; b++) {
            double[] f = apertureFlux(tz.image()[b], tz.imageErrors()[b], zoom);
            if (Double.isFinite(f[0])) {
                mag[b] = AsinhMagnitudes.magnitude(f[0], b);
                err[b] = AsinhMagnitudes.error(f[0], f[1], b);
                v[b] = (float) mag[b];
                s[b] = (float) err[b];
                mask[b] = 1;
            }
        }
        for (int k = 0; k < 4; k++) {
            if (mask[k] == 1 && mask[k + 1] == 1) {
                v[5 + k] = (float) (mag[k] - mag[k + 1]);
                s[5 + k] = (float) Math.hypot(err[k], err[k + 1]);
                mask[5 + k] = 1;
            }
        }
        if (mask[0] + mask[1] + mask[2] + mask[3] + mask[4] == 0) {
            throw new TargetRefusedException("all_nan", "target " + target.id() + " zoom " + zoom
                    + ": no band has a complete aperture");
        }
        return new Tensor(name(), new int[] {9}, v, s, mask, 1.0);
    }

    @Override
    public float[] embed(Tensor t, int zoom) {
        return t.values().clone();
    }
}
