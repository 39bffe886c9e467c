package org.hisscube.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

class SeedStatisticsTest {
    private static final Random RNG = new Random(11);

    @Test
    void aModelRightFarMoreOftenIsBetterBeyondTheNoise() {
        int seeds = 3;
        int[][] truth = new int[seeds][];
        int[][] good = new int[seeds][];
        int[][] poor = new int[seeds][];
        double[] fGood = new double[seeds];
        double[] fPoor = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            truth[s] = labels(300);
            good[s] = noisy(truth[s], 0.1);
            poor[s] = noisy(truth[s], 0.5);
            fGood[s] = SeedStatistics.macroF1(truth[s], good[s], all(300));
            fPoor[s] = SeedStatistics.macroF1(truth[s], poor[s], all(300));
        }
        SeedStatistics.Paired p = SeedStatistics.compare("good", "poor", 2, fGood, fPoor, truth, good, poor, 500, 1);
        assertThat(p.verdict()).isEqualTo("good better");
        assertThat(p.meanDiff()).isGreaterThan(0.2);
        assertThat(p.bootLow()).isGreaterThan(0).isLessThan(p.meanDiff());
        assertThat(p.bootHigh()).isGreaterThan(p.meanDiff());
        assertThat(p.ciLow()).isLessThan(p.meanDiff()).isGreaterThan(0);
        assertThat(p.pValue()).isCloseTo(new TTest().pairedTTest(fGood, fPoor), within(1e-12));
    }

    @Test
    void twoEquallyNoisyModelsAreWithinNoise() {
        int seeds = 3;
        int[][] truth = new int[seeds][];
        int[][] a = new int[seeds][];
        int[][] b = new int[seeds][];
        double[] fa = new double[seeds];
        double[] fb = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            truth[s] = labels(200);
            a[s] = noisy(truth[s], 0.3);
            b[s] = noisy(truth[s], 0.3);
            fa[s] = SeedStatistics.macroF1(truth[s], a[s], all(200));
            fb[s] = SeedStatistics.macroF1(truth[s], b[s], all(200));
        }
        SeedStatistics.Paired p = SeedStatistics.compare("a", "b", 0, fa, fb, truth, a, b, 500, 2);
        assertThat(p.verdict()).isEqualTo("within noise");
        assertThat(p.bootLow()).isLessThan(0);
        assertThat(p.bootHigh()).isGreaterThan(0);
    }

    @Test
    void withOneSeedOnlyTheBootstrapDecidesAndTheTIntervalIsUndefined() {
        int[][] truth = {labels(300)};
        int[][] good = {noisy(truth[0], 0.05)};
        int[][] poor = {noisy(truth[0], 0.6)};
        SeedStatistics.Paired p = SeedStatistics.compare("good", "poor", 1,
                new double[] {SeedStatistics.macroF1(truth[0], good[0], all(300))},
                new double[] {SeedStatistics.macroF1(truth[0], poor[0], all(300))}, truth, good, poor, 500, 3);
        assertThat(p.ciLow()).isNaN();
        assertThat(p.pValue()).isNaN();
        assertThat(p.verdict()).isEqualTo("good better");
    }

    @Test
    void spreadIsTheSampleStandardDeviation() {
        SeedStatistics.Spread s = SeedStatistics.Spread.of(new double[] {0.8, 0.9, 1.0});
        assertThat(s.mean()).isCloseTo(0.9, within(1e-12));
        assertThat(s.sd()).isCloseTo(0.1, within(1e-12));
        assertThat(SeedStatistics.Spread.of(new double[] {0.7}).sd()).isZero();
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = RNG.nextInt(3);
        }
        return y;
    }

    private static int[] noisy(int[] truth, double wrong) {
        int[] p = truth.clone();
        for (int i = 0; i < p.length; i++) {
            if (RNG.nextDouble() < wrong) {
                p[i] = (p[i] + 1 + RNG.nextInt(2)) % 3;
            }
        }
        return p;
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
