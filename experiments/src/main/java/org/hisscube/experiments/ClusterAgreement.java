package org.hisscube.experiments;

/**
 * How well a clustering agrees with the labels: the adjusted Rand index (Hubert &amp; Arabie 1985; 0 for chance, 1 for
 * identical partitions, negative when worse than chance) and normalised mutual information (arithmetic-mean
 * normalisation, as scikit-learn's default: I(U;V) / ((H(U) + H(V)) / 2); 1 for identical partitions). Noise points of
 * a density-based clustering count as one cluster of their own.
 */
public final class ClusterAgreement {
    private ClusterAgreement() {
    }

    /** Adjusted Rand index of two labelings of the same points. */
    public static double adjustedRandIndex(int[] truth, int[] clusters) {
        long[][] n = contingency(truth, clusters);
        long total = truth.length;
        double sumCells = 0;
        double sumRows = 0;
        double sumCols = 0;
        long[] cols = new long[n[0].length];
        for (long[] row : n) {
            long r = 0;
            for (int j = 0; j < row.length; j++) {
                sumCells += pairs(row[j]);
                r += row[j];
                cols[j] += row[j];
            }
            sumRows += pairs(r);
        }
        for (long c : cols) {
            sumCols += pairs(c);
        }
        double expected = sumRows * sumCols / pairs(total);
        double max = (sumRows + sumCols) / 2;
        if (max == expected) {
            return 1.0; // both partitions trivial (one cluster each, or all singletons): identical by convention
        }
        return (sumCells - expected) / (max - expected);
    }

    /** Normalised mutual information, arithmetic-mean normalisation. */
    public static double normalisedMutualInformation(int[] truth, int[] clusters) {
        long[][] n = contingency(truth, clusters);
        double total = truth.length;
        double[] rows = new double[n.length];
        double[] cols = new double[n[0].length];
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n[i].length; j++) {
                rows[i] += n[i][j];
                cols[j] += n[i][j];
            }
        }
        double mi = 0;
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n[i].length; j++) {
                if (n[i][j] > 0) {
                    mi += n[i][j] / total * Math.log(n[i][j] * total / (rows[i] * cols[j]));
                }
            }
        }
        double hu = entropy(rows, total);
        double hv = entropy(cols, total);
        if (hu + hv == 0) {
            return 1.0;
        }
        return Math.max(0, mi) / ((hu + hv) / 2);
    }

    private static double entropy(double[] counts, double total) {
        double h = 0;
        for (double c : counts) {
            if (c > 0) {
                h -= c / total * Math.log(c / total);
            }
        }
        return h;
    }

    private static double pairs(long x) {
        return x * (x - 1) / 2.0;
    }

    private static long[][] contingency(int[] a, int[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new ExperimentException("two labelings of the same ≥ 2 points are needed, not " + a.length + " and "
                    + b.length);
        }
        int[] ia = dense(a);
        int[] ib = dense(b);
        int ka = max(ia) + 1;
        int kb = max(ib) + 1;
        long[][] n = new long[ka][kb];
        for (int i = 0; i < a.length; i++) {
            n[ia[i]][ib[i]]++;
        }
        return n;
    }

    /** Labels renumbered 0..k-1 (any int, noise −1 included, becomes its own label). */
    private static int[] dense(int[] labels) {
        java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = ids.computeIfAbsent(labels[i], k -> ids.size());
        }
        return out;
    }

    private static int max(int[] a) {
        int m = 0;
        for (int x : a) {
            m = Math.max(m, x);
        }
        return m;
    }
}
