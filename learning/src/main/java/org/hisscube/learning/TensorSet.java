package org.hisscube.learning;

import java.util.ArrayList;
import java.util.List;
import org.hisscube.features.TargetFeatures;
import org.hisscube.features.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model inputs of a set of targets at one zoom, in memory: the stretched image [n, 5, s, s], the normalised spectrum
 * [n, 1, L] (NCW), the photometry [n, 9] standardised with the training set's mean and spread (masked entries 0),
 * and the labels (index in {@link Evaluation#CLASSES}). Missing samples are 0, as the shards store them.
 */
public final class TensorSet {
    final int n;
    final int size;
    final int spectrumLength;
    final int photometryLength;
    final float[] image;
    final float[] spectrum;
    final float[] photometry;
    final int[] labels;
    final long[] ids;

    private TensorSet(int n, int size, int spectrumLength, int photometryLength, float[] image, float[] spectrum,
            float[] photometry, int[] labels, long[] ids) {
        this.n = n;
        this.size = size;
        this.spectrumLength = spectrumLength;
        this.photometryLength = photometryLength;
        this.image = image;
        this.spectrum = spectrum;
        this.photometry = photometry;
        this.labels = labels;
        this.ids = ids;
    }

    /** Mean and spread of each photometry component over a training set (masked entries left out). */
    public record Standardiser(double[] mean, double[] scale) {
        public static Standardiser fit(List<TargetFeatures> rows) {
            int k = rows.get(0).tensor("photometry").length();
            double[] sum = new double[k];
            double[] sq = new double[k];
            int[] cnt = new int[k];
            for (TargetFeatures f : rows) {
                Tensor t = f.tensor("photometry");
                for (int i = 0; i < k; i++) {
                    if (t.mask()[i] == 1) {
                        sum[i] += t.values()[i];
                        sq[i] += (double) t.values()[i] * t.values()[i];
                        cnt[i]++;
                    }
                }
            }
            double[] mean = new double[k];
            double[] scale = new double[k];
            for (int i = 0; i < k; i++) {
                mean[i] = cnt[i] == 0 ? 0 : sum[i] / cnt[i];
                double var = cnt[i] == 0 ? 1 : sq[i] / cnt[i] - mean[i] * mean[i];
                scale[i] = var > 1e-12 ? Math.sqrt(var) : 1;
            }
            return new Standardiser(mean, scale);
        }
    }

    /** The targets with a known class (others are left out), inputs as the models read them. */
    public static TensorSet of(List<TargetFeatures> rows, Standardiser st) {
        List<TargetFeatures> known = rows.stream().filter(f -> Evaluation.CLASSES.contains(f.className())).toList();
        if (known.isEmpty()) {
            throw new LearningException("no labelled target among " + rows.size());
        }
        return build(known, st);
    }

    /** Every target, labelled or not (label -1 where the class is unknown): the input of an encoder. */
    public static TensorSet forInference(List<TargetFeatures> rows, Standardiser st) {
        if (rows.isEmpty()) {
            throw new LearningException("no target to embed");
        }
        return build(rows, st);
    }

    private static TensorSet build(List<TargetFeatures> known, Standardiser st) {
        Tensor img0 = known.get(0).tensor("image");
        int s = img0.shape()[1];
        int len = known.get(0).tensor("spectrum").length();
        int k = known.get(0).tensor("photometry").length();
        int n = known.size();
        float[] image = new float[n * 5 * s * s];
        float[] spectrum = new float[n * len];
        float[] phot = new float[n * k];
        int[] labels = new int[n];
        long[] ids = new long[n];
        for (int r = 0; r < n; r++) {
            TargetFeatures f = known.get(r);
            System.arraycopy(f.tensor("image").values(), 0, image, r * 5 * s * s, 5 * s * s);
            System.arraycopy(f.tensor("spectrum").values(), 0, spectrum, r * len, len);
            Tensor p = f.tensor("photometry");
            for (int i = 0; i < k; i++) {
                phot[r * k + i] = p.mask()[i] == 1 ? (float) ((p.values()[i] - st.mean()[i]) / st.scale()[i]) : 0f;
            }
            labels[r] = Evaluation.CLASSES.indexOf(f.className());
            ids[r] = f.targetId();
        }
        return new TensorSet(n, s, len, k, image, spectrum, phot, labels, ids);
    }

    /** The class index ({@link Evaluation#CLASSES}) of every row. */
    public int[] labels() {
        return labels.clone();
    }

    /** The target id of every row. */
    public long[] ids() {
        return ids.clone();
    }

    public int size() {
        return n;
    }

    /** The inputs of rows {@code order[from..to)} for a model kind. */
    INDArray[] inputs(ModalityModels.Kind kind, int[] order, int from, int to) {
        int b = to - from;
        List<INDArray> in = new ArrayList<>();
        if (kind.image) {
            int per = 5 * size * size;
            float[] x = new float[b * per];
            for (int i = 0; i < b; i++) {
                System.arraycopy(image, order[from + i] * per, x, i * per, per);
            }
            in.add(Nd4j.create(x, new long[] {b, 5, size, size}, 'c'));
        }
        if (kind.spectrum) {
            float[] x = new float[b * spectrumLength];
            for (int i = 0; i < b; i++) {
                System.arraycopy(spectrum, order[from + i] * spectrumLength, x, i * spectrumLength, spectrumLength);
            }
            in.add(Nd4j.create(x, new long[] {b, 1, spectrumLength}, 'c'));
        }
        if (kind.photometry) {
            float[] x = new float[b * photometryLength];
            for (int i = 0; i < b; i++) {
                System.arraycopy(photometry, order[from + i] * photometryLength, x, i * photometryLength,
                        photometryLength);
            }
            in.add(Nd4j.create(x, new long[] {b, photometryLength}, 'c'));
        }
        return in.toArray(INDArray[]::new);
    }

    INDArray labels(int[] order, int from, int to) {
        float[] y = new float[(to - from) * Evaluation.CLASSES.size()];
        for (int i = from; i < to; i++) {
            y[(i - from) * Evaluation.CLASSES.size() + labels[order[i]]] = 1f;
        }
        return Nd4j.create(y, new long[] {to - from, Evaluation.CLASSES.size()}, 'c');
    }

    int[] identity() {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    /** Weights inversely proportional to the class frequencies (mean 1 over the classes present). */
    double[] classWeights() {
        int k = Evaluation.CLASSES.size();
        int[] c = new int[k];
        for (int l : labels) {
            c[l]++;
        }
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            w[j] = c[j] == 0 ? 1 : n / (double) (k * c[j]);
        }
        return w;
    }
}
