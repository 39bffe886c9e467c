package org.hisscube.features;

import java.util.Arrays;
import org.hisscube.contracts.events.Modality;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;

/**
 * The stacked spectrum on the HiSS grid at the zoom (4620 / 2^zoom samples), divided by its median flux over the good
 * samples (finite flux with a finite σ > 0; ivar = 0 in the source file is NaN in the target file), σ divided by the
 * same number, and a mask of the good samples; a missing sample is value 0, σ 0, mask 0. Where the median is not
 * positive (a faint, noisy spectrum) the median absolute flux is the scale. A spectrum with no good sample, or with
 * no flux at all, is refused ({@code all_nan}).
 *
 * <p>Embedding (non-learned): the normalised spectrum averaged over good samples in {@value #EMBEDDING_BINS} equal
 * wavelength bins (0 where a bin has none).
 */
public final class SpectrumModality implements FeatureModality {
    static final int EMBEDDING_BINS = 32;

    @Override
    public Modality modality() {
        return Modality.SPECTRUM;
    }

    @Override
    public String name() {
        return "spectrum";
    }

    @Override
    public Tensor derive(Target target, int zoom) {
        TargetZoom tz = target.zoom(zoom);
        float[] f = tz.spectrum();
        float[] e = tz.spectrumErrors();
        if (f.length == 0) {
            throw new TargetRefusedException("no_bands", "target " + target.id() + " zoom " + zoom
                    + " has no spectrum");
        }
        return fromSamples("target " + target.id() + " zoom " + zoom, f, e);
    }

    /**
     * The tensor of a spectrum already on the HiSS grid at some zoom ({@code flux}, {@code sigma}; NaN = missing),
     * normalised as {@link #derive} does.
     *
     * @param where names the spectrum in a refusal
     */
    public static Tensor fromSamples(String where, float[] f, float[] e) {
        double[] good = new double[f.length];
        int n = 0;
        for (int i = 0; i < f.length; i++) {
            if (isGood(f[i], e[i])) {
                good[n++] = f[i];
            }
        }
        if (n == 0) {
            throw new TargetRefusedException("all_nan", where + ": the spectrum has no good sample");
        }
        double[] sorted = Arrays.copyOf(good, n);
        Arrays.sort(sorted);
        double scale = median(sorted);
        if (!(scale > 0)) {
            for (int i = 0; i < n; i++) {
                sorted[i] = Math.abs(sorted[i]);
            }
            Arrays.sort(sorted);
            scale = median(sorted);
        }
        if (!(scale > 0)) {
            throw new TargetRefusedException("all_nan", where + ": the spectrum is zero wherever it is measured");
        }
        float[] v = new float[f.length];
        float[] s = new float[f.length];
        byte[] mask = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            if (isGood(f[i], e[i])) {
                v[i] = (float) (f[i] / scale);
                s[i] = (float) (e[i] / scale);
                mask[i] = 1;
            }
        }
        return new Tensor("spectrum", new int[] {f.length}, v, s, mask, scale);
    }

    private static boolean isGood(float f, float e) {
        return Float.isFinite(f) && Float.isFinite(e) && e > 0;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    @Override
    public float[] embed(Tensor t, int zoom) {
        int len = t.length();
        float[] out = new float[EMBEDDING_BINS];
        for (int k = 0; k < EMBEDDING_BINS; k++) {
            int from = (int) ((long) k * len / EMBEDDING_BINS);
            int to = (int) ((long) (k + 1) * len / EMBEDDING_BINS);
            double sum = 0;
            int n = 0;
            for (int i = from; i < to; i++) {
                if (t.mask()[i] != 0) {
                    sum += t.values()[i];
                    n++;
                }
            }
            out[k] = n == 0 ? 0f : (float) (sum / n);
        }
        return out;
    }
}
