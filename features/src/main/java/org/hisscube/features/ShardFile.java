package org.hisscube.features;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableDataset;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hisscube.science.hdf5.SegmentFiles;

/**
 * A shard: the features of N targets at one zoom in one HDF5 file (written with jhdf; h5py reads it), rows sorted by
 * target id. Datasets: {@code target_id} (int64), {@code target_version} (int32), {@code class} (string),
 * {@code label} (int32: index in {@link #CLASSES}, -1 for any other class), {@code split} (string),
 * {@code redshift} (float64, metadata only, never an input), and per modality {@code <name>} (float32
 * [N, shape…]), {@code <name>_sigma} (float32, same shape), {@code <name>_mask} (int8, 1 = measured) and
 * {@code <name>_scale} (float64 [N], the normalisation constant). Root attributes: kind, schema version, feature
 * version, zoom, shard number, row count, modalities, class names.
 */
public final class ShardFile {
    public static final String KIND = "feature-shard";
    public static final int SCHEMA_VERSION = 1;
    public static final List<String> CLASSES = List.of("STAR", "GALAXY", "QSO");

    /** A shard as read back. */
    public record Shard(int zoom, int seq, String featureVersion, List<TargetFeatures> rows) {
    }

    private ShardFile() {
    }

    /** Writes a shard as a new, complete file (atomically); returns its size in bytes. */
    public static long write(Path out, int zoom, int seq, List<TargetFeatures> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a shard needs at least one row");
        }
        List<TargetFeatures> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Long.compare(a.targetId(), b.targetId()));
        int n = sorted.size();
        List<Tensor> first = sorted.get(0).tensors();
        for (TargetFeatures f : sorted) {
            if (f.zoom() != zoom) {
                throw new IllegalArgumentException("target " + f.targetId() + " has zoom " + f.zoom() + ", shard "
                        + zoom);
            }
            for (int m = 0; m < first.size(); m++) {
                Tensor t = f.tensors().get(m);
                if (!t.modality().equals(first.get(m).modality()) || !Arrays.equals(t.shape(), first.get(m).shape())) {
                    throw new IllegalArgumentException("target " + f.targetId() + ": " + t.modality() + " "
                            + Arrays.toString(t.shape()) + " does not match " + first.get(m).modality() + " "
                            + Arrays.toString(first.get(m).shape()));
                }
            }
        }
        return SegmentFiles.write(out, file -> {
            file.putAttribute("hisscube_kind", KIND);
            file.putAttribute("schema_version", SCHEMA_VERSION);
            file.putAttribute("feature_version", Featurizer.FEATURE_VERSION);
            file.putAttribute("zoom", zoom);
            file.putAttribute("shard", seq);
            file.putAttribute("rows", n);
            file.putAttribute("modalities", String.join(",", first.stream().map(Tensor::modality).toList()));
            file.putAttribute("class_names", String.join(",", CLASSES));
            file.putDataset("target_id", sorted.stream().mapToLong(TargetFeatures::targetId).toArray());
            file.putDataset("target_version", sorted.stream().mapToInt(TargetFeatures::targetVersion).toArray());
            file.putDataset("class", sorted.stream().map(TargetFeatures::className).toArray(String[]::new));
            file.putDataset("label", sorted.stream().mapToInt(f -> CLASSES.indexOf(f.className())).toArray());
            file.putDataset("split", sorted.stream().map(f -> f.split().label()).toArray(String[]::new));
            file.putDataset("redshift", sorted.stream().mapToDouble(TargetFeatures::redshift).toArray());
            for (int m = 0; m < first.size(); m++) {
                int k = m;
                String name = first.get(m).modality();
                int[] shape = first.get(m).shape();
                WritableDataset d = file.putDataset(name, floats(sorted, shape, f -> f.tensors().get(k).values()));
                d.putAttribute("axes", "target," + String.join(",", axes(shape)));
                file.putDataset(name + "_sigma", floats(sorted, shape, f -> f.tensors().get(k).sigma()));
                Object mask = Array.newInstance(byte.class, dims(n, shape));
                for (int r = 0; r < n; r++) {
                    fill(Array.get(mask, r), sorted.get(r).tensors().get(k).mask(), shape, 0, new int[] {0});
                }
                file.putDataset(name + "_mask", mask);
                file.putDataset(name + "_scale", sorted.stream().mapToDouble(f -> f.tensors().get(k).scale()).toArray());
            }
        }).sizeBytes();
    }

    private static List<String> axes(int[] shape) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            a.add("d" + (i + 1));
        }
        return a;
    }

    private static int[] dims(int n, int[] shape) {
        int[] d = new int[shape.length + 1];
        d[0] = n;
        System.arraycopy(shape, 0, d, 1, shape.length);
        return d;
    }

    private static Object floats(List<TargetFeatures> rows, int[] shape,
            java.util.function.Function<TargetFeatures, float[]> values) {
        Object a = Array.newInstance(float.class, dims(rows.size(), shape));
        for (int r = 0; r < rows.size(); r++) {
            fill(Array.get(a, r), values.apply(rows.get(r)), shape, 0, new int[] {0});
        }
        return a;
    }

    /** Copies a flat row-major array into a nested array of the given shape. */
    private static void fill(Object nested, Object flat, int[] shape, int depth, int[] at) {
        if (depth == shape.length - 1) {
            System.arraycopy(flat, at[0], nested, 0, shape[depth]);
            at[0] += shape[depth];
            return;
        }
        for (int i = 0; i < shape[depth]; i++) {
            fill(Array.get(nested, i), flat, shape, depth + 1, at);
        }
    }

    private static void flatten(Object nested, Object flat, int[] at) {
        Class<?> c = nested.getClass().getComponentType();
        if (c.isPrimitive()) {
            int len = Array.getLength(nested);
            System.arraycopy(nested, 0, flat, at[0], len);
            at[0] += len;
            return;
        }
        for (int i = 0; i < Array.getLength(nested); i++) {
            flatten(Array.get(nested, i), flat, at);
        }
    }

    /**
     * Reads a shard back.
     *
     * @throws FeaturesException naming the file when it is not a complete shard
     */
    public static Shard read(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            if (!KIND.equals(attr(h, "hisscube_kind", file))) {
                throw new FeaturesException(file.getFileName() + ": not a feature shard");
            }
            int zoom = ((Number) attr(h, "zoom", file)).intValue();
            int seq = ((Number) attr(h, "shard", file)).intValue();
            int n = ((Number) attr(h, "rows", file)).intValue();
            String version = (String) attr(h, "feature_version", file);
            List<String> modalities = List.of(((String) attr(h, "modalities", file)).split(","));
            long[] ids = (long[]) data(h, "target_id", file);
            int[] versions = (int[]) data(h, "target_version", file);
            String[] classes = (String[]) data(h, "class", file);
            String[] splits = (String[]) data(h, "split", file);
            double[] z = (double[]) data(h, "redshift", file);
            if (ids.length != n || versions.length != n || classes.length != n || splits.length != n || z.length != n) {
                throw new FeaturesException(file.getFileName() + ": index datasets do not have " + n + " rows");
            }
            List<List<Tensor>> tensors = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                tensors.add(new ArrayList<>());
            }
            for (String m : modalities) {
                Dataset d = h.getDatasetByPath(m);
                int[] dims = d.getDimensions();
                int[] shape = Arrays.copyOfRange(dims, 1, dims.length);
                int len = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                Object values = d.getData();
                Object sigma = data(h, m + "_sigma", file);
                Object mask = data(h, m + "_mask", file);
                double[] scale = (double[]) data(h, m + "_scale", file);
                for (int r = 0; r < n; r++) {
                    float[] v = new float[len];
                    float[] s = new float[len];
                    byte[] k = new byte[len];
                    flatten(Array.get(values, r), v, new int[] {0});
                    flatten(Array.get(sigma, r), s, new int[] {0});
                    flatten(Array.get(mask, r), k, new int[] {0});
                    tensors.get(r).add(new Tensor(m, shape, v, s, k, scale[r]));
                }
            }
            List<TargetFeatures> rows = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                rows.add(new TargetFeatures(ids[r], versions[r], zoom, classes[r], z[r], Split.ofLabel(splits[r]),
                        tensors.get(r)));
            }
            return new Shard(zoom, seq, version, rows);
        } catch (HdfException | ClassCastException | IllegalArgumentException e) {
            throw new FeaturesException(file.getFileName() + ": not a complete feature shard: " + e.getMessage(), e);
        }
    }

    private static Object attr(HdfFile h, String name, Path file) {
        Attribute a = h.getAttribute(name);
        if (a == null) {
            throw new FeaturesException(file.getFileName() + ": root attribute " + name + " is missing");
        }
        return a.getData();
    }

    private static Object data(HdfFile h, String path, Path file) {
        try {
            return h.getDatasetByPath(path).getData();
        } catch (HdfException e) {
            throw new FeaturesException(file.getFileName() + ": dataset " + path + " is missing", e);
        }
    }
}
