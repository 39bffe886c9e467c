package org.hisscube.science.cutout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hisscube.science.spectrum.SampledSpectrum;

/**
 * Combines repeated epochs of the same measurement element by element, weighting by inverse variance:
 *
 * <pre>
 *   mean = Σ (f_k / σ_k²) / Σ (1 / σ_k²),        σ = 1 / √Σ (1 / σ_k²)
 * </pre>
 *
 * over the epochs k whose element is <b>usable</b>: finite value and finite σ &gt; 0 (a NaN/∞ value, a NaN/∞ σ, σ ≤ 0
 * are skipped). An element with no usable epoch is NaN (value and σ) with epoch count 0. Arithmetic is float64 per
 * element; inputs may be float32 (cutouts) or float64 (spectra). Each element also reports how many epochs it used.
 *
 * <p>Works for
 * <ul>
 *   <li>images: {@link #stackCutouts} — cutouts of the same zoom, size and filter from different frames, each
 *       centred on the same sky position by {@link CutoutExtractor} (so window index (i, j) is the same sky pixel up to
 *       the sub-pixel centring error, ≤ ½ pixel per axis; no resampling is done);</li>
 *   <li>spectra: {@link #stackSpectra} — spectra on the same wavelength grid (the HiSS grid or the same zoom of it).
 *   </li>
 * </ul>
 * Stacking assumes the epochs measure the same flux: true for a point source whose spectra SDSS calibrates to PSF
 * photometry whichever the fiber size (3″ SEGUE, 2″ BOSS); for extended objects the epochs' fiber fluxes differ.
 *
 * <p>Stateless.
 */
public final class InverseVarianceStack {
    private InverseVarianceStack() {
    }

    /** The per-element result of a stack: weighted mean, its σ and the number of epochs used. Immutable. */
    public static final class Result {
        private final double[] mean;
        private final double[] sigma;
        private final int[] epochs;
        private final int inputs;

        Result(double[] mean, double[] sigma, int[] epochs, int inputs) {
            this.mean = mean;
            this.sigma = sigma;
            this.epochs = epochs;
            this.inputs = inputs;
        }

        /** Number of elements. */
        public int length() {
            return mean.length;
        }

        /** Number of epochs given to the stack. */
        public int inputCount() {
            return inputs;
        }

        /** Weighted means (a copy; NaN where no epoch was usable). */
        public double[] mean() {
            return mean.clone();
        }

        /** 1σ of the weighted means (a copy; NaN where no epoch was usable). */
        public double[] sigma() {
            return sigma.clone();
        }

        /** Number of epochs used per element (a copy). */
        public int[] epochs() {
            return epochs.clone();
        }

        public double mean(int k) {
            return mean[k];
        }

        public double sigma(int k) {
            return sigma[k];
        }

        public int epochs(int k) {
            return epochs[k];
        }

        /** Means narrowed to float32 for storage (NaN stays NaN). */
        public float[] meanFloat32() {
            return toFloat(mean);
        }

        /** σ narrowed to float32 for storage (NaN stays NaN). */
        public float[] sigmaFloat32() {
            return toFloat(sigma);
        }

        /** Number of elements with no usable epoch. */
        public int missingCount() {
            int n = 0;
            for (int e : epochs) {
                if (e == 0) {
                    n++;
                }
            }
            return n;
        }

        private static float[] toFloat(double[] a) {
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
            return f;
        }
    }

    /** A stack of image cutouts with what it was made of. */
    public record StackedCutout(int zoom, int size, String filter, double ra, double dec, Result result,
            List<CutoutSource> sources) {
        public StackedCutout {
            sources = List.copyOf(sources);
        }

        /** Weighted mean at window column i, row j. */
        public double value(int i, int j) {
            return result.mean(j * size + i);
        }

        /** σ at window column i, row j. */
        public double sigma(int i, int j) {
            return result.sigma(j * size + i);
        }

        /** Epochs used at window column i, row j. */
        public int epochs(int i, int j) {
            return result.epochs(j * size + i);
        }
    }

    /** A stack of spectra: the combined spectrum and the number of epochs used per sample. */
    public record StackedSpectrum(SampledSpectrum spectrum, Result result) {
        /** Epochs used per sample (a copy). */
        public int[] epochs() {
            return result.epochs();
        }
    }

    /** Stacks float64 arrays (values[k], sigmas[k] belong to epoch k; all the same length). */
    public static Result stack(List<double[]> values, List<double[]> sigmas) {
        int n = checkShapes(values, sigmas, v -> v.length);
        double[] sw = new double[n];
        double[] swf = new double[n];
        int[] count = new int[n];
        for (int k = 0; k < values.size(); k++) {
            double[] f = values.get(k);
            double[] s = sigmas.get(k);
            for (int i = 0; i < n; i++) {
                accumulate(f[i], s[i], i, sw, swf, count);
            }
        }
        return finish(sw, swf, count, values.size());
    }

    /** Stacks float32 arrays (values[k], sigmas[k] belong to epoch k; all the same length); float64 arithmetic. */
    public static Result stackFloat32(List<float[]> values, List<float[]> sigmas) {
        int n = checkShapes(values, sigmas, v -> v.length);
        double[] sw = new double[n];
        double[] swf = new double[n];
        int[] count = new int[n];
        for (int k = 0; k < values.size(); k++) {
            float[] f = values.get(k);
            float[] s = sigmas.get(k);
            for (int i = 0; i < n; i++) {
                accumulate(f[i], s[i], i, sw, swf, count);
            }
        }
        return finish(sw, swf, count, values.size());
    }

    /**
     * Stacks cutouts of one target from different epochs.
     *
     * @throws IllegalArgumentException when the list is empty or the cutouts differ in zoom, size or filter
     */
    public static StackedCutout stackCutouts(List<Cutout> cutouts) {
        if (cutouts.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        Cutout first = cutouts.get(0);
        List<float[]> values = new ArrayList<>(cutouts.size());
        List<float[]> sigmas = new ArrayList<>(cutouts.size());
        List<CutoutSource> sources = new ArrayList<>(cutouts.size());
        for (Cutout c : cutouts) {
            Objects.requireNonNull(c, "cutout");
            if (c.zoom() != first.zoom() || c.size() != first.size() || !c.filter().equals(first.filter())) {
                throw new IllegalArgumentException("cannot stack " + c + " (filter " + c.filter() + ") with " + first
                        + " (filter " + first.filter() + "): zoom, size and filter must agree");
            }
            values.add(c.data());
            sigmas.add(c.errors());
            sources.add(c.source());
        }
        return new StackedCutout(first.zoom(), first.size(), first.filter(), first.ra(), first.dec(),
                stackFloat32(values, sigmas), sources);
    }

    /**
     * Stacks spectra on one wavelength grid.
     *
     * @throws IllegalArgumentException when the list is empty or the wavelength grids differ
     */
    public static StackedSpectrum stackSpectra(List<SampledSpectrum> spectra) {
        if (spectra.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        double[] grid = spectra.get(0).wavelength();
        List<double[]> values = new ArrayList<>(spectra.size());
        List<double[]> sigmas = new ArrayList<>(spectra.size());
        for (int k = 0; k < spectra.size(); k++) {
            SampledSpectrum s = spectra.get(k);
            if (!Arrays.equals(grid, s.wavelength())) {
                throw new IllegalArgumentException("spectrum " + k + " (" + s + ") is not on the grid of spectrum 0 ("
                        + spectra.get(0) + ")");
            }
            values.add(s.flux());
            sigmas.add(s.sigma());
        }
        Result r = stack(values, sigmas);
        return new StackedSpectrum(new SampledSpectrum(grid, r.mean, r.sigma), r);
    }

    private static void accumulate(double f, double s, int i, double[] sw, double[] swf, int[] count) {
        if (Double.isFinite(f) && Double.isFinite(s) && s > 0) {
            double w = 1.0 / (s * s);
            if (Double.isFinite(w)) {
                sw[i] += w;
                swf[i] += w * f;
                count[i]++;
            }
        }
    }

    private static Result finish(double[] sw, double[] swf, int[] count, int inputs) {
        int n = sw.length;
        double[] mean = new double[n];
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            if (count[i] == 0) {
                mean[i] = Double.NaN;
                sigma[i] = Double.NaN;
            } else {
                mean[i] = swf[i] / sw[i];
                sigma[i] = 1.0 / Math.sqrt(sw[i]);
            }
        }
        return new Result(mean, sigma, count, inputs);
    }

    private static <T> int checkShapes(List<T> values, List<T> sigmas, java.util.function.ToIntFunction<T> len) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        if (values.size() != sigmas.size()) {
            throw new IllegalArgumentException(values.size() + " value arrays but " + sigmas.size() + " sigma arrays");
        }
        int n = len.applyAsInt(values.get(0));
        for (int k = 0; k < values.size(); k++) {
            if (len.applyAsInt(values.get(k)) != n || len.applyAsInt(sigmas.get(k)) != n) {
                throw new IllegalArgumentException("epoch " + k + " has " + len.applyAsInt(values.get(k)) + "/"
                        + len.applyAsInt(sigmas.get(k)) + " values/sigmas, epoch 0 has " + n);
            }
        }
        return n;
    }
}
