package org.hisscube.learning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classification metrics over {@link #CLASSES}: accuracy, macro-F1 (the unweighted mean of the per-class F1),
 * per-class precision, recall, F1 and support, and the confusion matrix ({@code confusion[truth][predicted]}).
 * A class never predicted has precision 0; one absent from the truth has recall 0 and support 0.
 */
public record Evaluation(int n, double accuracy, double macroF1, double[] precision, double[] recall, double[] f1,
        int[] support, int[][] confusion) {
    /** The classes in the order of the confusion matrix and of the p_* columns. */
    public static final List<String> CLASSES = List.of("GALAXY", "QSO", "STAR");

    public static Evaluation of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(truth.size() + " labels but " + predicted.size() + " predictions");
        }
        int k = CLASSES.size();
        int[][] c = new int[k][k];
        for (int i = 0; i < truth.size(); i++) {
            c[index(truth.get(i))][index(predicted.get(i))]++;
        }
        return fromConfusion(c);
    }

    /**
     * The metrics of a confusion matrix ({@code c[truth][predicted]}) over any k classes in a caller's order — for an
     * experiment whose classes are not {@link #CLASSES} (e.g. Visual Genome categories); {@link #toMap()} and
     * {@link #table()} name {@link #CLASSES} and are for SDSS evaluations only.
     */
    public static Evaluation fromConfusion(int[][] c) {
        int k = c.length;
        int n = 0;
        int correct = 0;
        for (int j = 0; j < k; j++) {
            if (c[j].length != k) {
                throw new IllegalArgumentException("the confusion matrix must be square: row " + j + " has "
                        + c[j].length + " columns, not " + k);
            }
            correct += c[j][j];
            for (int x : c[j]) {
                n += x;
            }
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        int[] support = new int[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            int tp = c[j][j];
            int predictedJ = 0;
            for (int[] row : c) {
                predictedJ += row[j];
            }
            for (int x : c[j]) {
                support[j] += x;
            }
            precision[j] = predictedJ == 0 ? 0 : tp / (double) predictedJ;
            recall[j] = support[j] == 0 ? 0 : tp / (double) support[j];
            f1[j] = precision[j] + recall[j] == 0 ? 0 : 2 * precision[j] * recall[j] / (precision[j] + recall[j]);
            sum += f1[j];
        }
        return new Evaluation(n, n == 0 ? 0 : correct / (double) n, sum / k, precision, recall, f1, support, c);
    }

    static int index(String cls) {
        int i = CLASSES.indexOf(cls);
        if (i < 0) {
            throw new IllegalArgumentException("unknown class " + cls + "; classes are " + CLASSES);
        }
        return i;
    }

    /** As JSON-ready maps. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("accuracy", accuracy);
        m.put("macro_f1", macroF1);
        Map<String, Object> per = new LinkedHashMap<>();
        for (int j = 0; j < CLASSES.size(); j++) {
            per.put(CLASSES.get(j), Map.of("precision", precision[j], "recall", recall[j], "f1", f1[j],
                    "support", support[j]));
        }
        m.put("per_class", per);
        m.put("confusion_rows_truth_columns_predicted", CLASSES);
        m.put("confusion", confusion);
        return m;
    }

    /** A table for people. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  %-8s %9s %9s %9s %9s%n", "class", "precision", "recall", "F1",
                "support"));
        for (int j = 0; j < CLASSES.size(); j++) {
            b.append(String.format(Locale.ROOT, "  %-8s %9.3f %9.3f %9.3f %9d%n", CLASSES.get(j), precision[j],
                    recall[j], f1[j], support[j]));
        }
        b.append(String.format(Locale.ROOT, "  accuracy %.4f, macro-F1 %.4f over %d objects%n", accuracy, macroF1,
                n));
        b.append("  confusion (rows: truth, columns: predicted ").append(CLASSES).append(")\n");
        for (int j = 0; j < CLASSES.size(); j++) {
            b.append(String.format(Locale.ROOT, "  %-8s", CLASSES.get(j)));
            for (int x : confusion[j]) {
                b.append(String.format(Locale.ROOT, " %8d", x));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
