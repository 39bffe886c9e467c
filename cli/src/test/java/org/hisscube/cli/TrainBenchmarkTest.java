package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hisscube.learning.ModalityModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code bench train}: the FLOP count it divides by, and every figure printed for the smallest run. */
class TrainBenchmarkTest {

    @Test
    void theForwardFlopsOfTheImageModelAtZoom3AreTheHandCount() {
        ComputationGraph g = ModalityModels.build(ModalityModels.Kind.IMAGE, 8, 577, 9, new double[] {1, 1, 1}, 1);
        double flops = TrainBenchmark.forwardFlops(g, new INDArray[] {Nd4j.randn(DataType.FLOAT, 1, 5, 8, 8)});
        // 2 × (W size × output positions): conv 5→16 3×3 on 8×8, pool, conv 16→32 on 4×4, pool, conv 32→64 on 2×2,
        // dense 64→32, softmax 32→3
        double hand = 2.0 * (5 * 16 * 9 * 64 + 16 * 32 * 9 * 16 + 32 * 64 * 9 * 4 + 64 * 32 + 32 * 3);
        assertThat(flops).isEqualTo(hand);
    }

    @Test
    void everyFigureIsPrintedForEachModel() {
        CliRun run = CliRun.of("bench", "train", "--zooms", "3", "--batches", "2");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        for (String m : new String[] {"photometry", "spectrum", "image", "fused"}) {
            Matcher r = Pattern.compile("\\n  " + m + " +3 +(\\d+) +(\\d+\\.\\d+) +(\\d+\\.\\d+) +(\\d+\\.\\d+) +"
                    + "(\\d+\\.\\d+) +(\\d+\\.\\d+)\\n").matcher(run.out());
            assertThat(r.find()).as(m + " in " + run.out()).isTrue();
            assertThat(Long.parseLong(r.group(1))).isPositive();
            assertThat(Double.parseDouble(r.group(3))).as("train samples/s").isPositive();
            assertThat(Double.parseDouble(r.group(6))).as("inference samples/s").isPositive();
        }
        assertThat(run.out()).containsPattern("GEMM best: \\d+\\.\\d GFLOP/s");
    }
}
