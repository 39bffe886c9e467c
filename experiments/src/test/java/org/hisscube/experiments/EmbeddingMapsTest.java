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
        // k-means on the 2-D map recovers the classes: the map keeps them apart
        float[][] xy = new float[200][];
        for (int i = 0; i < 200; i++) {
            xy[i] = new float[] {(float) map.xy()[i][0], (float) map.xy()[i][1]};
        }
        assertThat(EmbeddingMaps.cluster("map", 2, xy, map.labels(), 1000, 1).kmeansAri()).isGreaterThan(0.9);
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
