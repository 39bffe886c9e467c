package org.hisscube.science.cube;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hisscube.science.ScienceException;
import org.hisscube.science.cutout.CutoutSource;

/**
 * Reads a cube export written by {@link CubeExportWriter} back into {@link Target}s and {@link Refusal}s (layout: see
 * {@link CubeExportWriter}).
 *
 * <p>Each target gets everything the file holds: id, ra, dec (degrees), class, subclass, redshift and bands from
 * {@code index/} and the root attribute {@code bands}; its frames (file, filter, TAI MJD) from the zoom-0 rows of
 * {@code semi_sparse_cube/0/images}; its spectrum files from {@code index/spectrum_files}; per zoom the dense image
 * stack and its σ [5][s][s], the stacked spectrum, its σ and the wavelength grid from {@code dense_cube/<z>/}, and
 * the single-epoch spectra and images (with σ) from {@code semi_sparse_cube/<z>/}. Values are exactly those written
 * (float32 and float64 bits, NaN included).
 *
 * <p>Not in the file, so not restored: {@link Target#notes()} is always empty; a {@code null} class or subclass was
 * written as, and reads back as, {@code ""}. A refusal's reasons are the lines of its {@code reasons} string.
 *
 * <p>Everything is read into memory (the export is the whole cube). Errors: a file that is not an export, is of
 * another schema version, lacks a dataset or holds inconsistent rows gives a {@link ScienceException} whose message
 * names the file and what is wrong; a file that does not exist gives an {@link UncheckedIOException}. Thread-safe
 * (static, stateless).
 */
public final class CubeExportReader {
    private CubeExportReader() {
    }

    /**
     * What an export holds.
     *
     * @param zooms     number of zooms (root attribute {@code zoom_count}); every target has that many
     * @param targets   the targets in file order (sorted by id), notes empty
     * @param refusals  the refused cells in file order (sorted by id)
     */
    public record Contents(int zooms, List<Target> targets, List<Refusal> refusals) {
        public Contents {
            targets = List.copyOf(targets);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * Reads the whole export.
     *
     * @throws ScienceException when the file is not a cube export or is incomplete or inconsistent
     * @throws UncheckedIOException when the file does not exist
     */
    public static Contents read(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new UncheckedIOException("cannot read cube export " + file, new NoSuchFileException(file.toString()));
        }
        HdfFile h;
        try {
            h = new HdfFile(file);
        } catch (HdfException | UncheckedIOException e) {
            throw new ScienceException(file + ": not a cube export: cannot open it as HDF5 (" + e.getMessage() + ")",
                    e);
        }
        try (h) {
            return read(new Reader(file, h));
        } catch (HdfException | ClassCastException e) {
            throw new ScienceException(file + ": cannot read the cube export: " + e, e);
        }
    }

    private static Contents read(Reader r) {
        String kind = r.stringAttribute(r.h, "hisscube_kind");
        if (!CubeExportWriter.KIND.equals(kind)) {
            throw r.fail("not a cube export: root attribute hisscube_kind is \"" + kind + "\", expected \""
                    + CubeExportWriter.KIND + "\"");
        }
        int version = r.intAttribute(r.h, "schema_version");
        if (version != CubeExportWriter.SCHEMA_VERSION) {
            throw r.fail("cube export schema_version " + version + " is not supported (only "
                    + CubeExportWriter.SCHEMA_VERSION + ")");
        }
        int zooms = r.intAttribute(r.h, "zoom_count");
        int n = r.intAttribute(r.h, "target_count");
        int nRefused = r.intAttribute(r.h, "refusal_count");
        if (zooms < 1 || n < 0 || nRefused < 0) {
            throw r.fail("zoom_count " + zooms + ", target_count " + n + ", refusal_count " + nRefused
                    + " are not valid counts");
        }
        List<String> bands = splitList(r.stringAttribute(r.h, "bands"), ",");
        return new Contents(zooms, readTargets(r, zooms, n, bands), readRefusals(r, nRefused));
    }

    private static List<Target> readTargets(Reader r, int zooms, int n, List<String> bands) {
        r.requireRows("index", n);
        if (n == 0) {
            return List.of();
        }
        long[] id = r.longs("index/target_id", n);
        double[] ra = r.doubles("index/ra", n);
        double[] dec = r.doubles("index/dec", n);
        String[] cls = r.strings("index/class", n);
        String[] sub = r.strings("index/subclass", n);
        double[] redshift = r.doubles("index/redshift", n);
        int[] nFrames = r.ints("index/n_frames", n);
        int[] nSpectra = r.ints("index/n_spectra", n);
        String[] frameFiles = r.strings("index/frame_files", n);
        String[] spectrumFiles = r.strings("index/spectrum_files", n);

        List<List<String>> frameNames = new ArrayList<>(n);
        List<List<String>> spectrumNames = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            frameNames.add(splitList(frameFiles[k], ","));
            spectrumNames.add(splitList(spectrumFiles[k], ","));
            if (frameNames.get(k).size() != nFrames[k] || spectrumNames.get(k).size() != nSpectra[k]) {
                throw r.fail("index row " + k + " (target " + id[k] + ") lists " + frameNames.get(k).size()
                        + " frame(s) and " + spectrumNames.get(k).size() + " spectra but n_frames is " + nFrames[k]
                        + " and n_spectra " + nSpectra[k]);
            }
        }

        List<List<CutoutSource>> frames = null;
        List<List<TargetZoom>> perTarget = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            perTarget.add(new ArrayList<>(zooms));
        }
        for (int z = 0; z < zooms; z++) {
            String dense = "dense_cube/" + z;
            float[][][][] image = r.floats4(CubeExportWriter.imageCube(z), n);
            float[][][][] imageErr = r.floats4(CubeExportWriter.imageCube(z) + "_errors", n);
            float[][] flux = r.floats2(CubeExportWriter.spectrumCube(z), n);
            float[][] fluxErr = r.floats2(CubeExportWriter.spectrumCube(z) + "_errors", n);
            double[] wavelength = r.doubles(dense + "/ml_spectrum/wavelength", -1);
            int size = image[0].length == 0 ? 0 : image[0][0].length;

            Epochs<float[]> spectra = readEpochSpectra(r, z, n);
            Epochs<float[][]> images = readEpochImages(r, z, n, size);
            if (z == 0) {
                frames = images.sources;
            }
            for (int k = 0; k < n; k++) {
                List<String> got = images.files.get(k);
                if (!got.equals(frameNames.get(k))) {
                    throw r.fail("semi_sparse_cube/" + z + "/images rows of target " + id[k] + " are frames " + got
                            + ", index/frame_files says " + frameNames.get(k));
                }
                if (!spectra.files.get(k).equals(spectrumNames.get(k))) {
                    throw r.fail("semi_sparse_cube/" + z + "/spectra rows of target " + id[k] + " are spectra "
                            + spectra.files.get(k) + ", index/spectrum_files says " + spectrumNames.get(k));
                }
                perTarget.get(k).add(new TargetZoom(z, size, image[k], imageErr[k], flux[k], fluxErr[k],
                        wavelength.clone(), spectra.data.get(k).toArray(new float[0][]),
                        spectra.errors.get(k).toArray(new float[0][]), images.data.get(k).toArray(new float[0][][]),
                        images.errors.get(k).toArray(new float[0][][])));
            }
        }
        List<Target> targets = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            targets.add(new Target(id[k], ra[k], dec[k], cls[k], sub[k], redshift[k], bands, frames.get(k),
                    spectrumNames.get(k), List.of(), perTarget.get(k)));
        }
        return targets;
    }

    /** Single-epoch rows of one zoom grouped by target row (file order within a target). */
    private static final class Epochs<T> {
        final List<List<T>> data = new ArrayList<>();
        final List<List<T>> errors = new ArrayList<>();
        final List<List<String>> files = new ArrayList<>();
        final List<List<CutoutSource>> sources = new ArrayList<>();

        Epochs(int n) {
            for (int k = 0; k < n; k++) {
                data.add(new ArrayList<>());
                errors.add(new ArrayList<>());
                files.add(new ArrayList<>());
                sources.add(new ArrayList<>());
            }
        }
    }

    private static Epochs<float[]> readEpochSpectra(Reader r, int z, int n) {
        String g = "semi_sparse_cube/" + z + "/spectra";
        int rows = r.rows(g);
        Epochs<float[]> e = new Epochs<>(n);
        if (rows == 0) {
            return e;
        }
        float[][] data = r.floats2(g + "/data", rows);
        float[][] errors = r.floats2(g + "/errors", rows);
        int[] targetRow = r.ints(g + "/target_row", rows);
        String[] file = r.strings(g + "/spectrum_file", rows);
        for (int i = 0; i < rows; i++) {
            int k = r.targetRow(g, targetRow, i, n);
            e.data.get(k).add(data[i]);
            e.errors.get(k).add(errors[i]);
            e.files.get(k).add(file[i]);
        }
        return e;
    }

    private static Epochs<float[][]> readEpochImages(Reader r, int z, int n, int size) {
        String g = "semi_sparse_cube/" + z + "/images";
        int rows = r.rows(g);
        Epochs<float[][]> e = new Epochs<>(n);
        if (rows == 0) {
            return e;
        }
        float[][][] data = r.floats3(g + "/data", rows);
        float[][][] errors = r.floats3(g + "/errors", rows);
        if (data[0].length != size) {
            throw r.fail(g + "/data has " + data[0].length + "x" + data[0].length + " cutouts, the dense cube "
                    + size + "x" + size);
        }
        int[] targetRow = r.ints(g + "/target_row", rows);
        String[] file = r.strings(g + "/frame_file", rows);
        String[] band = r.strings(g + "/band", rows);
        double[] mjd = r.doubles(g + "/mjd", rows);
        for (int i = 0; i < rows; i++) {
            int k = r.targetRow(g, targetRow, i, n);
            e.data.get(k).add(data[i]);
            e.errors.get(k).add(errors[i]);
            e.files.get(k).add(file[i]);
            e.sources.get(k).add(new CutoutSource(file[i], band[i], mjd[i]));
        }
        return e;
    }

    private static List<Refusal> readRefusals(Reader r, int n) {
        r.requireRows("refusals", n);
        if (n == 0) {
            return List.of();
        }
        long[] id = r.longs("refusals/target_id", n);
        double[] ra = r.doubles("refusals/ra", n);
        double[] dec = r.doubles("refusals/dec", n);
        String[] files = r.strings("refusals/spectrum_files", n);
        String[] reasons = r.strings("refusals/reasons", n);
        List<Refusal> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(new Refusal(id[k], ra[k], dec[k], splitList(files[k], ","), splitList(reasons[k], "\n")));
        }
        return out;
    }

    /** The parts of a joined list; the empty string is the empty list. */
    private static List<String> splitList(String joined, String separator) {
        if (joined.isEmpty()) {
            return List.of();
        }
        return List.of(joined.split(java.util.regex.Pattern.quote(separator), -1));
    }

    /** Reading helpers that turn every absence or mismatch into a message naming the file. */
    private record Reader(Path file, HdfFile h) {
        ScienceException fail(String what) {
            return new ScienceException(file + ": " + what);
        }

        Node node(String path) {
            try {
                return h.getByPath(path);
            } catch (HdfException e) {
                throw fail("not a complete cube export: " + path + " is missing");
            }
        }

        String where(Node node, String name) {
            return node == h ? "root attribute " + name : "attribute " + name + " of " + node.getPath();
        }

        Object attribute(Node node, String name) {
            Attribute a = node.getAttribute(name);
            if (a == null) {
                throw fail("not a complete cube export: " + where(node, name) + " is missing");
            }
            return a.getData();
        }

        String stringAttribute(Node node, String name) {
            Object v = attribute(node, name);
            if (!(v instanceof String s)) {
                throw fail(where(node, name) + " is not a string: " + v);
            }
            return s;
        }

        int intAttribute(Node node, String name) {
            Object v = attribute(node, name);
            if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
                throw fail(where(node, name) + " is not an integer: " + v);
            }
            return Math.toIntExact(((Number) v).longValue());
        }

        /** The {@code rows} attribute of a group. */
        int rows(String group) {
            int rows = intAttribute(node(group), "rows");
            if (rows < 0) {
                throw fail(group + " has rows = " + rows);
            }
            return rows;
        }

        void requireRows(String group, int expected) {
            int rows = rows(group);
            if (rows != expected) {
                throw fail(group + " has " + rows + " rows, the root attribute says " + expected);
            }
        }

        int targetRow(String group, int[] targetRow, int i, int n) {
            int k = targetRow[i];
            if (k < 0 || k >= n) {
                throw fail(group + "/target_row[" + i + "] = " + k + " is not a row of the index (0.." + (n - 1)
                        + ")");
            }
            return k;
        }

        /** A dataset's data, of Java type {@code type} and {@code rows} first-axis length ({@code -1}: any). */
        Object data(String path, Class<?> type, int rank, int rows) {
            Node node = node(path);
            if (!(node instanceof Dataset d)) {
                throw fail(path + " is not a dataset");
            }
            int[] dims = d.getDimensions();
            if (d.getJavaType() != type || dims.length != rank) {
                throw fail(path + " is " + d.getJavaType().getSimpleName() + " " + Arrays.toString(dims)
                        + ", expected " + type.getSimpleName() + " of rank " + rank);
            }
            if (rows >= 0 && dims[0] != rows) {
                throw fail(path + " has " + dims[0] + " rows, expected " + rows);
            }
            Object data = d.getData();
            if (data == null || !data.getClass().isArray() || Array.getLength(data) != dims[0]) {
                throw fail(path + " could not be read as " + Arrays.toString(dims));
            }
            return data;
        }

        long[] longs(String path, int rows) {
            return (long[]) data(path, long.class, 1, rows);
        }

        int[] ints(String path, int rows) {
            return (int[]) data(path, int.class, 1, rows);
        }

        double[] doubles(String path, int rows) {
            return (double[]) data(path, double.class, 1, rows);
        }

        String[] strings(String path, int rows) {
            return (String[]) data(path, String.class, 1, rows);
        }

        float[][] floats2(String path, int rows) {
            return (float[][]) data(path, float.class, 2, rows);
        }

        float[][][] floats3(String path, int rows) {
            return (float[][][]) data(path, float.class, 3, rows);
        }

        float[][][][] floats4(String path, int rows) {
            return (float[][][][]) data(path, float.class, 4, rows);
        }
    }
}
