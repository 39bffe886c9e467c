package org.hisscube.vg;

import java.util.ArrayList;
import java.util.List;
import org.hisscube.features.Split;
import org.hisscube.features.TextModality;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Examples as model inputs: the crops ([n, 3, size, size]), the hashed text vectors ([n, dims]), the category index
 * of each and its split. The split is Visual Genome's image id through the feature-service's rule
 * ({@link Split#of}: 70 / 15 / 15 by a hash), so all regions of one image fall on the same side.
 */
public final class RegionSet {
    final List<String> classes;
    final int size;
    final int dims;
    final int n;
    final float[] images;
    final float[] texts;
    final int[] labels;
    final long[] objectIds;

    private RegionSet(List<String> classes, int size, int dims, int n, float[] images, float[] texts, int[] labels,
            long[] objectIds) {
        this.classes = List.copyOf(classes);
        this.size = size;
        this.dims = dims;
        this.n = n;
        this.images = images;
        this.texts = texts;
        this.labels = labels;
        this.objectIds = objectIds;
    }

    /** The three splits of the examples: train, validation, test. */
    public static List<RegionSet> split(List<RegionExamples.Example> examples, List<String> classes,
            TextModality text) {
        List<RegionSet> out = new ArrayList<>();
        for (Split s : Split.values()) {
            List<RegionExamples.Example> part = examples.stream().filter(e -> Split.of(e.imageId()) == s).toList();
            out.add(of(part, classes, text));
        }
        return out;
    }

    public static RegionSet of(List<RegionExamples.Example> examples, List<String> classes, TextModality text) {
        int n = examples.size();
        int size = examples.isEmpty() ? 8 : examples.get(0).size();
        int dims = text.dimensions();
        int plane = 3 * size * size;
        float[] images = new float[n * plane];
        float[] texts = new float[n * dims];
        int[] labels = new int[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            RegionExamples.Example e = examples.get(i);
            if (e.size() != size) {
                throw new IllegalArgumentException("crops of different sizes: " + e.size() + " and " + size);
            }
            System.arraycopy(e.crop(), 0, images, i * plane, plane);
            System.arraycopy(text.embed(e.text()), 0, texts, i * dims, dims);
            labels[i] = classes.indexOf(e.category());
            if (labels[i] < 0) {
                throw new IllegalArgumentException("category " + e.category() + " is not one of " + classes);
            }
            ids[i] = e.objectId();
        }
        return new RegionSet(classes, size, dims, n, images, texts, labels, ids);
    }

    public int size() {
        return n;
    }

    /** Inverse-frequency class weights (mean 1; a class absent here gets 1). */
    double[] classWeights() {
        int k = classes.size();
        int[] count = new int[k];
        for (int l : labels) {
            count[l]++;
        }
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            w[j] = count[j] == 0 ? 1 : n / (double) (k * count[j]);
        }
        return w;
    }

    /** The inputs of rows order[from, to) for a model kind, in the order of its graph inputs. */
    INDArray[] inputs(RegionModels.Kind kind, int[] order, int from, int to) {
        int b = to - from;
        List<INDArray> in = new ArrayList<>();
        if (kind.image) {
            int plane = 3 * size * size;
            float[] x = new float[b * plane];
            for (int i = 0; i < b; i++) {
                System.arraycopy(images, order[from + i] * plane, x, i * plane, plane);
            }
            in.add(Nd4j.create(x, new long[] {b, 3, size, size}, 'c'));
        }
        if (kind.text) {
            float[] x = new float[b * dims];
            for (int i = 0; i < b; i++) {
                System.arraycopy(texts, order[from + i] * dims, x, i * dims, dims);
            }
            in.add(Nd4j.create(x, new long[] {b, dims}, 'c'));
        }
        return in.toArray(INDArray[]::new);
    }

    INDArray labels(int[] order, int from, int to) {
        INDArray y = Nd4j.zeros(to - from, classes.size());
        for (int i = from; i < to; i++) {
            y.putScalar(i - from, labels[order[i]], 1.0);
        }
        return y;
    }

    int[] identity() {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }
}
