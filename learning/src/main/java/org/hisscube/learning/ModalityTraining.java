package org.hisscube.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains one model kind: Adam, class-weighted loss, shuffled mini-batches from a seeded generator, the validation
 * macro-F1 after every epoch, early stopping ({@code patience} epochs without improvement) and the best epoch's
 * parameters kept; then scores the test split. Fixed seeds give the same model on the same thread count.
 */
public final class ModalityTraining {
    /** One finished epoch, for metrics: the model kind, epoch, mean training loss, validation macro-F1, samples/s. */
    public record Epoch(ModalityModels.Kind kind, int epoch, double loss, double validationMacroF1,
            double samplesPerSecond) {
    }

    /** Training settings. */
    public record Settings(int epochs, int batch, int patience, long seed) {
    }

    /** One trained model and its scores. */
    public record Result(ModalityModels.Kind kind, ComputationGraph model, Evaluation validation, Evaluation test,
            int epochsRun, int bestEpoch, double trainSamplesPerSecond, double inferenceSamplesPerSecond,
            long parameters, double seconds) {
    }

    private ModalityTraining() {
    }

    public static Result train(ModalityModels.Kind kind, TensorSet train, TensorSet validation, TensorSet test,
            Settings s, Consumer<String> progress) {
        return train(kind, train, validation, test, s, progress, e -> { });
    }

    /** As above; {@code epochs} receives every finished epoch. */
    public static Result train(ModalityModels.Kind kind, TensorSet train, TensorSet validation, TensorSet test,
            Settings s, Consumer<String> progress, Consumer<Epoch> epochs) {
        Nd4j.getRandom().setSeed(s.seed());
        ComputationGraph g = ModalityModels.build(kind, train.size, train.spectrumLength, train.photometryLength,
                train.classWeights(), s.seed());
        Random rng = new Random(s.seed());
        int[] order = train.identity();
        double best = -1;
        INDArray bestParams = g.params().dup();
        int bestEpoch = 0;
        int epochsRun = 0;
        long samples = 0;
        long t0 = System.nanoTime();
        double trainNanos = 0;
        for (int e = 1; e <= s.epochs(); e++) {
            shuffle(order, rng);
            long te = System.nanoTime();
            double loss = 0;
            int batches = 0;
            for (int from = 0; from < train.n; from += s.batch()) {
                int to = Math.min(train.n, from + s.batch());
                g.fit(new MultiDataSet(train.inputs(kind, order, from, to),
                        new INDArray[] {train.labels(order, from, to)}));
                loss += g.score();
                batches++;
                samples += to - from;
            }
            trainNanos += System.nanoTime() - te;
            epochsRun = e;
            double f1 = evaluate(g, kind, validation).macroF1();
            epochs.accept(new Epoch(kind, e, loss / batches, f1, samples / (trainNanos / 1e9)));
            progress.accept(String.format(Locale.ROOT, "%s epoch %d: loss %.4f, validation macro-F1 %.4f, %.0f "
                    + "samples/s", kind.label(), e, loss / batches, f1, samples / (trainNanos / 1e9)));
            if (f1 > best) {
                best = f1;
                bestParams = g.params().dup();
                bestEpoch = e;
            } else if (e - bestEpoch >= s.patience()) {
                progress.accept(kind.label() + ": no improvement for " + s.patience() + " epochs, stopping");
                break;
            }
        }
        g.setParams(bestParams);
        long ti = System.nanoTime();
        Evaluation onTest = evaluate(g, kind, test);
        double inference = test.n / ((System.nanoTime() - ti) / 1e9);
        return new Result(kind, g, evaluate(g, kind, validation), onTest, epochsRun, bestEpoch,
                samples / (trainNanos / 1e9), inference, g.numParams(), (System.nanoTime() - t0) / 1e9);
    }

    /** Predicted class indices of every row, in order. */
    public static int[] predict(ComputationGraph g, ModalityModels.Kind kind, TensorSet set) {
        int[] order = set.identity();
        int[] out = new int[set.n];
        for (int from = 0; from < set.n; from += 256) {
            int to = Math.min(set.n, from + 256);
            INDArray p = g.output(false, set.inputs(kind, order, from, to))[0];
            INDArray arg = Nd4j.argMax(p, 1);
            for (int i = from; i < to; i++) {
                out[i] = arg.getInt(i - from);
            }
        }
        return out;
    }

    /** Class probabilities of every row ([n, 3]). */
    public static INDArray probabilities(ComputationGraph g, ModalityModels.Kind kind, TensorSet set) {
        return g.output(false, set.inputs(kind, set.identity(), 0, set.n))[0];
    }

    public static Evaluation evaluate(ComputationGraph g, ModalityModels.Kind kind, TensorSet set) {
        int[] p = predict(g, kind, set);
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int i = 0; i < set.n; i++) {
            truth.add(Evaluation.CLASSES.get(set.labels[i]));
            predicted.add(Evaluation.CLASSES.get(p[i]));
        }
        return Evaluation.of(truth, predicted);
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
