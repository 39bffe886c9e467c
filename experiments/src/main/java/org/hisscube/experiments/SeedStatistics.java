package org.hisscube.experiments;

import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Whether one model beats another by more than the noise of training: a paired comparison over seeds (the same seed,
 * zoom, targets and split for both models), and a paired bootstrap over the test targets.
 */
public final class SeedStatistics {
    /** Mean and sample standard deviation of a score over seeds. */
    public record Spread(int n, double mean, double sd, double min, double max) {
        public static Spread of(double[] x) {
            DescriptiveStatistics d = new DescriptiveStatistics(x);
            return new Spread(x.length, d.getMean(), x.length > 1 ? d.getStandardDeviation() : 0.0, d.getMin(),
                    d.getMax());
        }
    }

    /**
     * A paired difference a − b.
     *
     * @param seeds        seeds paired
     * @param meanDiff     mean over seeds of macro-F1(a) − macro-F1(b)
     * @param ciLow        95 % interval of the mean difference from the t distribution (NaN with one seed)
     * @param pValue       two-sided paired t-test p (NaN with one seed, or when every difference is equal)
     * @param bootLow      2.5 % quantile of the paired bootstrap over test targets (pooled over seeds)
     * @param verdict      "a better", "b better" or "within noise": the bootstrap interval and (with ≥ 2 seeds) the
     *                     t interval both exclude 0
     */
    public record Paired(String a, String b, int zoom, int seeds, double meanDiff, double ciLow, double ciHigh,
            double pValue, double bootLow, double bootHigh, String verdict) {
    }

    private SeedStatistics() {
    }

    /**
     * @param f1a        macro-F1 of model a per seed
     * @param f1b        macro-F1 of model b, same seeds in the same order
     * @param truth      per seed, the test labels
     * @param predA      per seed, model a's predicted labels of the same targets
     * @param predB      per seed, model b's
     * @param resamples  bootstrap resamples (e.g. 2000)
     */
    public static Paired compare(String a, String b, int zoom, double[] f1a, double[] f1b, int[][] truth,
            int[][] predA, int[][] predB, int resamples, long seed) {
        int k = f1a.length;
        if (k != f1b.length || k == 0) {
            throw new ExperimentException("paired comparison needs the same seeds for both models");
        }
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = f1a[i] - f1b[i];
        }
        double mean = new DescriptiveStatistics(d).getMean();
        double low = Double.NaN;
        double high = Double.NaN;
        double p = Double.NaN;
        if (k >= 2) {
            double sd = new DescriptiveStatistics(d).getStandardDeviation();
            double half = new TDistribution(k - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(k);
            low = mean - half;
            high = mean + half;
            if (sd > 0) {
                p = new TTest().pairedTTest(f1a, f1b);
            }
        }
        double[] boot = bootstrap(truth, predA, predB, resamples, seed);
        boolean bootExcludes = boot[0] > 0 || boot[1] < 0;
        boolean tExcludes = k < 2 || low > 0 || high < 0;
        String verdict = bootExcludes && tExcludes ? (mean > 0 ? a + " better" : b + " better") : "within noise";
        return new Paired(a, b, zoom, k, mean, low, high, p, boot[0], boot[1], verdict);
    }

    /** 95 % interval of mean-over-seeds macro-F1(a) − macro-F1(b) when the test targets are resampled (paired). */
    static double[] bootstrap(int[][] truth, int[][] predA, int[][] predB, int resamples, long seed) {
        Random rng = new Random(seed);
        double[] diffs = new double[resamples];
        int n = truth[0].length;
        for (int[] t : truth) {
            if (t.length != n) {
                throw new ExperimentException("every seed must be scored on the same test targets");
            }
        }
        for (int r = 0; r < resamples; r++) {
            // one resample of the test targets per round, shared by every seed: the seeds are scored on the same
            // targets, so resampling them independently would understate the targets' share of the noise
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(n);
            }
            double sum = 0;
            for (int s = 0; s < truth.length; s++) {
                sum += macroF1(truth[s], predA[s], idx) - macroF1(truth[s], predB[s], idx);
            }
            diffs[r] = sum / truth.length;
        }
        java.util.Arrays.sort(diffs);
        return new double[] {diffs[(int) Math.floor(0.025 * (resamples - 1))],
            diffs[(int) Math.ceil(0.975 * (resamples - 1))]};
    }

    /** Macro-F1 over three classes of the rows {@code idx} (with repeats). */
    static double macroF1(int[] truth, int[] pred, int[] idx) {
        int k = 3;
        int[] tp = new int[k];
        int[] predicted = new int[k];
        int[] actual = new int[k];
        for (int i : idx) {
            actual[truth[i]]++;
            predicted[pred[i]]++;
            if (truth[i] == pred[i]) {
                tp[truth[i]]++;
            }
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double p = predicted[c] == 0 ? 0 : tp[c] / (double) predicted[c];
            double r = actual[c] == 0 ? 0 : tp[c] / (double) actual[c];
            sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return sum / k;
    }
}
