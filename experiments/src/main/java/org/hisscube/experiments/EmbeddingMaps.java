package org.hisscube.experiments;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.ml.clustering.Cluster;
import org.apache.commons.math3.ml.clustering.DBSCANClusterer;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * What an embedding says without labels: k-means++ (k = the number of classes, best of 5 starts) and DBSCAN on the
 * standardised embedding, each scored against the classes with ARI and NMI, and an exact 2-D t-SNE map
 * (Smile 1.5.3; perplexity min(30, (n − 1) / 3), learning rate max(n / 48, 50), 500 iterations) of at most {@code maxPoints} targets, a seeded
 * uniform subsample when there are more. DBSCAN's radius is the 90th percentile of every point's distance to its
 * {@value #MIN_POINTS}th nearest neighbour (the knee of the k-distance curve, as Ester et al. suggest), so it adapts to
 * each embedding's scale.
 */
public final class EmbeddingMaps {
    static final int MIN_POINTS = 5;

    /** Clustering scores of one embedding. */
    public record Scores(@JsonProperty("kind") String kind, @JsonProperty("zoom") int zoom,
            @JsonProperty("points") int points, @JsonProperty("dimensions") int dimensions,
            @JsonProperty("kmeans_ari") double kmeansAri, @JsonProperty("kmeans_nmi") double kmeansNmi,
            @JsonProperty("dbscan_ari") double dbscanAri, @JsonProperty("dbscan_nmi") double dbscanNmi,
            @JsonProperty("dbscan_clusters") int dbscanClusters,
            @JsonProperty("dbscan_noise_fraction") double dbscanNoiseFraction,
            @JsonProperty("dbscan_eps") double dbscanEps) {
    }

    /** A 2-D map: coordinates and the class of each point. */
    public record Map2d(String kind, int zoom, double[][] xy, int[] labels, int ofPoints, double seconds) {
    }

    private EmbeddingMaps() {
    }

    public static Scores cluster(String kind, int zoom, float[][] vectors, int[] labels, int maxPoints, long seed) {
        int[] pick = subsample(vectors.length, maxPoints, seed);
        double[][] x = standardise(vectors, pick);
        int[] truth = Arrays.stream(pick).map(i -> labels[i]).toArray();
        List<DoublePoint> points = new ArrayList<>();
        for (double[] v : x) {
            points.add(new DoublePoint(v));
        }
        JDKRandomGenerator rng = new JDKRandomGenerator();
        rng.setSeed(seed);
        // as many clusters as classes among the points (3 for SDSS; k for a k-category experiment)
        int k = Math.max(2, (int) Arrays.stream(truth).distinct().count());
        var kmeans = new MultiKMeansPlusPlusClusterer<>(new KMeansPlusPlusClusterer<DoublePoint>(k, 300,
                new org.apache.commons.math3.ml.distance.EuclideanDistance(), rng), 5);
        int[] km = assign(points, kmeans.cluster(points));
        double eps = kDistance(x, MIN_POINTS, 0.9);
        List<Cluster<DoublePoint>> dense = new DBSCANClusterer<DoublePoint>(eps, MIN_POINTS).cluster(points);
        int[] db = assign(points, dense);
        long noise = Arrays.stream(db).filter(c -> c < 0).count();
        return new Scores(kind, zoom, x.length, x[0].length, ClusterAgreement.adjustedRandIndex(truth, km),
                ClusterAgreement.normalisedMutualInformation(truth, km), ClusterAgreement.adjustedRandIndex(truth, db),
                ClusterAgreement.normalisedMutualInformation(truth, db), dense.size(), noise / (double) x.length, eps);
    }

    public static Map2d tsne(String kind, int zoom, float[][] vectors, int[] labels, int maxPoints, long seed) {
        long t0 = System.nanoTime();
        int[] pick = subsample(vectors.length, maxPoints, seed);
        double[][] x = standardise(vectors, pick);
        if (x.length == x[0].length) {
            // Smile reads a square matrix as a distance matrix: drop one point rather than be misread
            x = Arrays.copyOf(x, x.length - 1);
            pick = Arrays.copyOf(pick, pick.length - 1);
        }
        smile.math.Math.setSeed(seed);
        double perplexity = Math.max(2, Math.min(30, (x.length - 1) / 3.0));
        // learning rate max(n / 48, 50) (scikit-learn's "auto", after Belkina et al. 2019): Smile's default of 200
        // diverged here on a few hundred points (coordinates in the thousands, classes mixed)
        double eta = Math.max(x.length / 48.0, 50);
        smile.manifold.TSNE t = new smile.manifold.TSNE(x, 2, perplexity, eta, 500);
        int[] cls = Arrays.stream(pick).map(i -> labels[i]).toArray();
        return new Map2d(kind, zoom, t.getCoordinates(), cls, vectors.length, (System.nanoTime() - t0) / 1e9);
    }

    /** Indices of a seeded uniform subsample of at most {@code max} of {@code n}, in ascending order. */
    static int[] subsample(int n, int max, long seed) {
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        if (n <= max) {
            return all;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, max);
        Arrays.sort(out);
        return out;
    }

    /** Each column to zero mean and unit variance (constant columns to zero). */
    static double[][] standardise(float[][] v, int[] pick) {
        int d = v[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int i : pick) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= pick.length;
        }
        for (int i : pick) {
            for (int j = 0; j < d; j++) {
                sd[j] += (v[i][j] - mean[j]) * (v[i][j] - mean[j]);
            }
        }
        double[][] x = new double[pick.length][d];
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / Math.max(1, pick.length - 1));
        }
        for (int r = 0; r < pick.length; r++) {
            for (int j = 0; j < d; j++) {
                x[r][j] = sd[j] > 1e-12 ? (v[pick[r]][j] - mean[j]) / sd[j] : 0;
            }
        }
        return x;
    }

    /** The {@code q} quantile of every point's distance to its k-th nearest neighbour. */
    static double kDistance(double[][] x, int k, double q) {
        double[] kth = new double[x.length];
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                double s = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double t = x[i][c] - x[j][c];
                    s += t * t;
                }
                d[j] = i == j ? Double.MAX_VALUE : Math.sqrt(s);
            }
            Arrays.sort(d);
            kth[i] = d[Math.min(k, x.length - 1) - 1];
        }
        Arrays.sort(kth);
        double eps = kth[(int) Math.floor(q * (kth.length - 1))];
        return eps > 0 ? eps : 1e-9;
    }

    /** Cluster index per point in input order; −1 for points in no cluster (DBSCAN's noise). */
    private static <C extends Cluster<DoublePoint>> int[] assign(List<DoublePoint> points, List<C> clusters) {
        java.util.IdentityHashMap<DoublePoint, Integer> of = new java.util.IdentityHashMap<>();
        for (int c = 0; c < clusters.size(); c++) {
            for (DoublePoint p : clusters.get(c).getPoints()) {
                of.put(p, c);
            }
        }
        int[] out = new int[points.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = of.getOrDefault(points.get(i), -1);
        }
        return out;
    }

}
