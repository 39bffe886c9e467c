package org.hisscube.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterAgreementTest {

    @Test
    void adjustedRandIndexAgreesWithSmilesOnRandomLabelings() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 20 + rng.nextInt(300);
            int[] a = new int[n];
            int[] b = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextInt(3);
                // b agrees with a most of the time, with a noise cluster (-1) as DBSCAN gives
                b[i] = rng.nextDouble() < 0.7 ? a[i] : rng.nextInt(5) - 1;
            }
            double smile = new smile.validation.AdjustedRandIndex().measure(a, b);
            assertThat(ClusterAgreement.adjustedRandIndex(a, b)).isCloseTo(smile, within(1e-9));
        }
    }

    @Test
    void identicalPartitionsScoreOneWhateverTheirNames() {
        int[] a = {0, 0, 1, 1, 2, 2, 2};
        int[] renamed = {7, 7, -1, -1, 3, 3, 3};
        assertThat(ClusterAgreement.adjustedRandIndex(a, renamed)).isCloseTo(1.0, within(1e-12));
        assertThat(ClusterAgreement.normalisedMutualInformation(a, renamed)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void normalisedMutualInformationMatchesAHandComputedCase() {
        // I = 0.215762, H(U) = ln 2, H(V) = 0.562335: NMI = I / ((H(U) + H(V)) / 2) = 0.343710 (scikit-learn's value)
        assertThat(ClusterAgreement.normalisedMutualInformation(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}))
                .isCloseTo(0.343710, within(1e-5));
    }

    @Test
    void independentLabelingsScoreNearZero() {
        Random rng = new Random(9);
        int n = 20_000;
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(3);
            b[i] = rng.nextInt(3);
        }
        assertThat(ClusterAgreement.adjustedRandIndex(a, b)).isCloseTo(0.0, within(0.01));
        assertThat(ClusterAgreement.normalisedMutualInformation(a, b)).isCloseTo(0.0, within(0.01));
    }

    @Test
    void refusesLabelingsOfDifferentPoints() {
        assertThatThrownBy(() -> ClusterAgreement.adjustedRandIndex(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("same");
    }
}
