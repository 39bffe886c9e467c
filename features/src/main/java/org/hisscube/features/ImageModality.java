package org.hisscube.features;

import org.hisscube.contracts.events.Modality;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;

/**
 * The five-band cutout [5, s, s] (u, g, r, i, z; s = 64 / 2^zoom), asinh-stretched with the SDSS softening of each
 * band: {@code v = asinh(f / 2b)} with f the pixel's flux in nanomaggies per native pixel and b the band's softening
 * in nanomaggies ({@link AsinhMagnitudes#softeningNanomaggies}), so the sky noise stays linear and bright cores are
 * compressed as the SDSS magnitudes compress them. σ is carried through the stretch: {@code σ_v = σ / √(4b² + f²)}.
 * A pixel without a usable epoch (NaN in the target file) is value 0, σ 0, mask 0. A band missing from the target
 * altogether is masked the same way; a target none of whose planes has a usable pixel is refused ({@code all_nan}).
 *
 * <p>Embedding (non-learned): per band, the mean stretched value in three rings around the centre — within 2″,
 * 2-4″ and 4-8″ — a radial profile of 15 numbers that separates point sources from extended ones and carries the
 * colours.
 */
public final class ImageModality implements FeatureModality {
    static final double[] RING_EDGES_ARCSEC = {0, 2, 4, 8};

    @Override
    public Modality modality() {
        return Modality.IMAGE;
    }

    @Override
    public String name() {
        return "image";
    }

    @Override
    public Tensor derive(Target target, int zoom) {
        TargetZoom tz = target.zoom(zoom);
        int s = tz.size();
        int bands = tz.image().length;
        if (bands != 5) {
            throw new TargetRefusedException("no_bands", "target " + target.id() + " zoom " + zoom + " has " + bands
                    + " image planes, not 5 (u, g, r, i, z)");
        }
        float[] v = new float[5 * s * s];
        float[] sigma = new float[5 * s * s];
        byte[] mask = new byte[5 * s * s];
        int usable = 0;
        for (int b = 0; b < 5; b++) {
            double soft = AsinhMagnitudes.softeningNanomaggies(b);
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    int i = (b * s + y) * s + x;
                    float f = tz.image()[b][y][x];
                    float e = tz.imageErrors()[b][y][x];
                    if (Float.isFinite(f) && Float.isFinite(e) && e > 0) {
                        v[i] = (float) AsinhMagnitudes.asinh(f / (2 * soft));
                        sigma[i] = (float) (e / Math.sqrt(4 * soft * soft + (double) f * f));
                        mask[i] = 1;
                        usable++;
                    }
                }
            }
        }
        if (usable == 0) {
            throw new TargetRefusedException("all_nan", "target " + target.id() + " zoom " + zoom
                    + ": no image plane has a usable pixel");
        }
        return new Tensor(name(), new int[] {5, s, s}, v, sigma, mask, 1.0);
    }

    @Override
    public float[] embed(Tensor t, int zoom) {
        int s = t.shape()[1];
        double pixel = 0.396 * (1 << zoom);
        double c = s / 2.0;
        int rings = RING_EDGES_ARCSEC.length - 1;
        float[] out = new float[5 * rings];
        for (int b = 0; b < 5; b++) {
            double[] sum = new double[rings];
            int[] n = new int[rings];
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    int i = (b * s + y) * s + x;
                    if (t.mask()[i] == 0) {
                        continue;
                    }
                    double r = Math.hypot(x - c, y - c) * pixel;
                    for (int k = 0; k < rings; k++) {
                        if (r >= RING_EDGES_ARCSEC[k] && r < RING_EDGES_ARCSEC[k + 1]) {
                            sum[k] += t.values()[i];
                            n[k]++;
                        }
                    }
                }
            }
            for (int k = 0; k < rings; k++) {
                out[b * rings + k] = n[k] == 0 ? 0f : (float) (sum[k] / n[k]);
            }
        }
        return out;
    }
}
