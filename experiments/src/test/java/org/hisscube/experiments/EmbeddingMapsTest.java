package org.hisscube.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingMapsTest {

    @Test
    void wellSeparatedClassesAreFoundByBothClusteringsAndKeptApartByTheMap() {
        int n = 300;
        int d = 16;
        Random rng = new Random(5);
        float[][] v = new float[n][d];
        int[] labels = new int[n];
        double[][] centres = new double[3][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = rng.nextGaussian() * 6;
            }
        }
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < d; j++) {
                v[i][j] = (float) (centres[labels[i]][j] + rng.nextGaussian());
            }
        }
        EmbeddingMaps.Scores s = EmbeddingMaps.cluster("image", 2, v, labels, 1000, 1);
        assertThat(s.points()).isEqualTo(n);
        assertThat(s.kmeansAri()).as(s.toString()).isGreaterThan(0.95);
        assertThat(s.kmeansNmi()).isGreaterThan(0.95);
        assertThat(s.dbscanAri()).as(s.toString()).isGreaterThan(0.9);
        assertThat(s.dbscanClusters()).isEqualTo(3);

        EmbeddingMaps.Map2d map = EmbeddingMaps.tsne("image", 2, v, labels, 200, 1);
        assertThat(map.xy()).hasNumberOfRows(200);
        assertThat(map.ofPoints()).isEqualTo(n);
        // the map keeps the classes apart: almost every point's 5 nearest neighbours on the map share its class
        // (t-SNE may split a class into several islands, so this asks about neighbourhoods, not about k clusters)
        assertThat(neighbourAgreement(map.xy(), map.labels(), 5)).isGreaterThan(0.9);
    }

    /** The fraction of (point, k nearest neighbour) pairs on the map whose classes agree. */
    private static double neighbourAgreement(double[][] xy, int[] labels, int k) {
        int agree = 0;
        for (int i = 0; i < xy.length; i++) {
            double[] d = new double[xy.length];
            Integer[] order = new Integer[xy.length];
            for (int j = 0; j < xy.length; j++) {
                d[j] = i == j ? Double.MAX_VALUE : Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]);
                order[j] = j;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(j -> d[j]));
            for (int n = 0; n < k; n++) {
                agree += labels[order[n]] == labels[i] ? 1 : 0;
            }
        }
        return agree / (double) (xy.length * k);
    }

    @Test
    void anEmbeddingThatIgnoresTheClassScoresNearZero() {
        int n = 600;
        Random rng = new Random(8);
        float[][] v = new float[n][8];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(3);
            for (int j = 0; j < 8; j++) {
                v[i][j] = (float) rng.nextGaussian();
            }
        }
        EmbeddingMaps.Scores s = EmbeddingMaps.cluster("photometry", 3, v, labels, 1000, 1);
        assertThat(Math.abs(s.kmeansAri())).isLessThan(0.05);
        assertThat(s.kmeansNmi()).isLessThan(0.05);
    }

    @Test
    void aSubsampleIsSeededSortedAndWithoutRepeats() {
        int[] a = EmbeddingMaps.subsample(1000, 100, 4);
        assertThat(a).hasSize(100).isSorted().doesNotHaveDuplicates();
        assertThat(EmbeddingMaps.subsample(1000, 100, 4)).isEqualTo(a);
        assertThat(EmbeddingMaps.subsample(50, 100, 4)).hasSize(50);
    }
}
