package org.hisscube.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.hisscube.features.Split;
import org.hisscube.features.TargetFeatures;
import org.hisscube.features.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The networks' mechanics on small inputs shaped as the feature shards hold them (zoom 3: 8 × 8 cutouts, 577
 * spectrum samples, 9 photometry values), with a class signal planted in every modality.
 */
class ModalityModelsTest {
    @TempDir
    Path dir;

    /** n targets; class c has a brighter centre in band c, a line at a class position, and a colour offset. */
    static List<TargetFeatures> planted(int n, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        List<TargetFeatures> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int c = k % 3;
            float[] img = new float[5 * 8 * 8];
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) rng.nextGaussian() * 0.3f;
            }
            img[(c * 8 + 4) * 8 + 4] += 3;
            float[] spec = new float[577];
            for (int i = 0; i < spec.length; i++) {
                spec[i] = 1 + (float) rng.nextGaussian() * 0.1f;
            }
            for (int i = 0; i < 5; i++) {
                spec[100 + 150 * c + i] += 2;
            }
            float[] phot = new float[9];
            for (int i = 0; i < 9; i++) {
                phot[i] = 18 + (float) rng.nextGaussian() * 0.2f + (i == 6 ? c : 0);
            }
            out.add(new TargetFeatures(k + 1, 1, 3, Evaluation.CLASSES.get(c), 0, Split.TRAIN, List.of(
                    tensor("image", new int[] {5, 8, 8}, img), tensor("spectrum", new int[] {577}, spec),
                    tensor("photometry", new int[] {9}, phot))));
        }
        return out;
    }

    static Tensor tensor(String name, int[] shape, float[] v) {
        byte[] mask = new byte[v.length];
        java.util.Arrays.fill(mask, (byte) 1);
        return new Tensor(name, shape, v, new float[v.length], mask, 1.0);
    }

    @Test
    void everyModelLearnsAPlantedSignalAndBeatsTheMajorityClass() {
        List<TargetFeatures> rows = planted(240, 1);
        TensorSet.Standardiser st = TensorSet.Standardiser.fit(rows);
        TensorSet train = TensorSet.of(rows.subList(0, 180), st);
        TensorSet val = TensorSet.of(rows.subList(180, 210), st);
        TensorSet test = TensorSet.of(rows.subList(210, 240), st);
        for (ModalityModels.Kind kind : ModalityModels.Kind.values()) {
            ModalityTraining.Result r = ModalityTraining.train(kind, train, val, test,
                    new ModalityTraining.Settings(8, 16, 8, 3), line -> { });
            assertThat(r.test().accuracy()).as(kind + ": majority is 1/3").isGreaterThan(0.6);
        }
    }

    @Test
    void everyBranchOfTheFusedGraphReceivesGradients() {
        List<TargetFeatures> rows = planted(32, 2);
        TensorSet set = TensorSet.of(rows, TensorSet.Standardiser.fit(rows));
        ComputationGraph g = ModalityModels.build(ModalityModels.Kind.FUSED, 8, 577, 9, set.classWeights(), 5);
        int[] order = set.identity();
        g.setInputs(set.inputs(ModalityModels.Kind.FUSED, order, 0, 32));
        g.setLabels(set.labels(order, 0, 32));
        g.computeGradientAndScore();
        Gradient grad = g.gradient();
        for (String branch : new String[] {"i_conv0_W", "s_conv0_W", "p_dense_W", "embedding_W", "out_W"}) {
            INDArray a = grad.gradientForVariable().get(branch);
            assertThat(a).as(branch + " in " + grad.gradientForVariable().keySet()).isNotNull();
            assertThat(a.norm2Number().doubleValue()).as(branch).isPositive();
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs() throws Exception {
        List<TargetFeatures> rows = planted(40, 3);
        TensorSet set = TensorSet.of(rows, TensorSet.Standardiser.fit(rows));
        ComputationGraph g = ModalityModels.build(ModalityModels.Kind.FUSED, 8, 577, 9, set.classWeights(), 5);
        g.fit(new MultiDataSet(set.inputs(ModalityModels.Kind.FUSED, set.identity(), 0, 40),
                new INDArray[] {set.labels(set.identity(), 0, 40)}));
        File f = dir.resolve("fused.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
        assertThat(ModalityTraining.probabilities(back, ModalityModels.Kind.FUSED, set))
                .isEqualTo(ModalityTraining.probabilities(g, ModalityModels.Kind.FUSED, set));
        Map<String, INDArray> acts = back.feedForward(set.inputs(ModalityModels.Kind.FUSED, set.identity(), 0, 40),
                false);
        assertThat(acts.get(ModalityModels.EMBEDDING).shape()).containsExactly(40, ModalityModels.EMBEDDING_SIZE);
    }
}
