package org.hisscube.science.cube;

import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.hisscube.science.cutout.CutoutSource;

/**
 * Writes the cube export: one HDF5 file in HiSS-Cube's DATASET layout, readable by h5py and h5dump.
 *
 * <pre>
 * /                                   NX_class=NXroot, hisscube_kind=export, schema_version=1, zoom_count,
 *                                     target_count, refusal_count, bands="u,g,r,i,z", creator
 * /dense_cube/&lt;z&gt;/                    (z = 0..zooms-1; NXcollection, attrs zoom, cutout_size, spectrum_length)
 *     ml_image/cutout_3d_cube_zoom_&lt;z&gt;            float32 [N, 5, s, s]  stacked cutouts, bands u,g,r,i,z
 *     ml_image/cutout_3d_cube_zoom_&lt;z&gt;_errors     float32 [N, 5, s, s]  their 1σ (real σ, not |flux|)
 *     ml_spectrum/spectral_1d_cube_zoom_&lt;z&gt;        float32 [N, len]      stacked spectra on the HiSS grid
 *     ml_spectrum/spectral_1d_cube_zoom_&lt;z&gt;_errors float32 [N, len]      their 1σ
 *     ml_spectrum/wavelength                        float64 [len]         Å, vacuum
 * /semi_sparse_cube/&lt;z&gt;/spectra/          one row per spectrum epoch (HiSS grid, halved z times), in target order,
 *                                     attr rows
 *     data float32 [E, len], errors float32 [E, len], wavelength float64 [len],
 *     target_id int64 [E], target_row int32 [E] (row in the dense cube), spectrum_file string [E]
 * /semi_sparse_cube/&lt;z&gt;/images/           one row per (target, frame) whose cutouts went into the dense cube, in
 *                                     target order, then frame file name order; attrs rows, cutout_size
 *     data float32 [F, s, s]              the frame's whole cutout at zoom z (one band), nanomaggies
 *     errors float32 [F, s, s]            its 1σ
 *     target_id int64 [F], target_row int32 [F] (row in the dense cube), frame_file string [F],
 *     band string [F] (the frame's filter, u/g/r/i/z), mjd float64 [F] (TAI MJD of the frame, days)
 * /index/                             one row per target, same row order as the dense cubes (sorted by id); attr rows
 *     target_id int64, ra float64, dec float64, class string, subclass string, redshift float64,
 *     n_frames int32, n_spectra int32, frame_files string (comma-separated), spectrum_files string (comma-sep.)
 *     columns string [10]                 the names of the column datasets above, always present
 * /refusals/                          one row per HEALPix cell with spectra but no target; attr rows
 *     target_id int64, ra float64, dec float64, spectrum_files string (comma-separated),
 *     reasons string (one reason per line)
 *     columns string [5]                  the names of the column datasets above, always present
 * </pre>
 *
 * s = 64 &gt;&gt; z, len = 4620 &gt;&gt; z (halved per zoom). Errors are siblings with the suffix {@code _errors} (so
 * {@code f["dense_cube/0/ml_image/cutout_3d_cube_zoom_0_errors"]}). Image rows are cutout rows (level pixel y0 + j),
 * columns cutout columns. NaN marks a missing value. The dense image plane of band b is the inverse-variance stack
 * of the {@code images} rows of that target and band: value = Σ(v/σ²)/Σ(1/σ²), σ = 1/√Σ(1/σ²) over the epochs
 * with a finite value and a finite σ &gt; 0 (float64 arithmetic, stored as float32). With no targets (or no
 * refusals) the datasets of that table, the dense cubes and the semi-sparse rows are left out (jHDF cannot write
 * empty datasets); {@code target_count} and the {@code rows} attributes say 0. The {@code columns} datasets keep the tables from ever being groups without
 * children: jHDF 0.13.0 corrupts a file whose last object is such a group ({@code index/} is laid out last; see
 * {@link org.hisscube.science.hdf5.SegmentFiles}). Everything a {@link Target} holds is stored except its notes;
 * {@link CubeExportReader} reads the file back.
 *
 * <p>Deterministic: the same targets give the same bytes (targets are sorted by id, jHDF's machine stamp
 * {@code _jHDF} is removed, the file is written to a temporary file next to {@code out} and moved over it).
 */
public final class CubeExportWriter {
    public static final String KIND = "export";
    public static final int SCHEMA_VERSION = 1;
    public static final String CREATOR = "hisscube-streams science-core";
    /** The column datasets of {@code index/}, in the order of the layout. */
    public static final List<String> INDEX_COLUMNS = List.of("target_id", "ra", "dec", "class", "subclass",
            "redshift", "n_frames", "n_spectra", "frame_files", "spectrum_files");
    /** The column datasets of {@code refusals/}. */
    public static final List<String> REFUSAL_COLUMNS = List.of("target_id", "ra", "dec", "spectrum_files",
            "reasons");

    private CubeExportWriter() {
    }

    public static String imageCube(int zoom) {
        return "dense_cube/" + zoom + "/ml_image/cutout_3d_cube_zoom_" + zoom;
    }

    public static String spectrumCube(int zoom) {
        return "dense_cube/" + zoom + "/ml_spectrum/spectral_1d_cube_zoom_" + zoom;
    }

    /**
     * Writes the export (parent folders are created, an existing file is replaced).
     *
     * @param zooms number of zooms to write (each target must have at least that many)
     * @return the size of the file in bytes
     */
    public static long write(Path out, List<Target> targets, int zooms, List<Refusal> refusals) {
        Objects.requireNonNull(out, "out");
        if (zooms < 1) {
            throw new IllegalArgumentException("zooms must be >= 1: " + zooms);
        }
        List<Target> rows = new ArrayList<>(targets);
        rows.sort(Comparator.comparingLong(Target::id));
        for (Target t : rows) {
            if (t.zooms().size() < zooms) {
                throw new IllegalArgumentException("target " + t.id() + " has " + t.zooms().size() + " zooms, "
                        + zooms + " needed");
            }
        }
        List<Refusal> refused = new ArrayList<>(refusals);
        refused.sort(Comparator.comparingLong(Refusal::targetId));
        return writeAtomically(out, file -> {
            file.putAttribute("NX_class", "NXroot");
            file.putAttribute("hisscube_kind", KIND);
            file.putAttribute("schema_version", SCHEMA_VERSION);
            file.putAttribute("zoom_count", zooms);
            file.putAttribute("target_count", rows.size());
            file.putAttribute("refusal_count", refused.size());
            file.putAttribute("bands", String.join(",", TargetBuilder.BANDS));
            file.putAttribute("creator", CREATOR);
            WritableGroup dense = file.putGroup("dense_cube");
            dense.putAttribute("NX_class", "NXcollection");
            for (int z = 0; z < zooms; z++) {
                writeZoom(dense, z, rows);
            }
            WritableGroup semi = file.putGroup("semi_sparse_cube");
            semi.putAttribute("NX_class", "NXcollection");
            for (int z = 0; z < zooms; z++) {
                writeEpochs(semi, z, rows);
            }
            writeIndex(file.putGroup("index"), rows);
            writeRefusals(file.putGroup("refusals"), refused);
        });
    }

    private static void writeZoom(WritableGroup dense, int z, List<Target> rows) {
        WritableGroup g = dense.putGroup(Integer.toString(z));
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("zoom", z);
        WritableGroup img = g.putGroup("ml_image");
        img.putAttribute("NX_class", "NXcollection");
        WritableGroup spec = g.putGroup("ml_spectrum");
        spec.putAttribute("NX_class", "NXcollection");
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        TargetZoom first = rows.get(0).zoom(z);
        g.putAttribute("cutout_size", first.size());
        g.putAttribute("spectrum_length", first.spectrumLength());
        float[][][][] image = new float[n][][][];
        float[][][][] imageErr = new float[n][][][];
        float[][] flux = new float[n][];
        float[][] fluxErr = new float[n][];
        for (int k = 0; k < n; k++) {
            TargetZoom tz = rows.get(k).zoom(z);
            if (tz.size() != first.size() || tz.spectrumLength() != first.spectrumLength()) {
                throw new IllegalArgumentException("target " + rows.get(k).id() + " zoom " + z + " has size "
                        + tz.size() + "/" + tz.spectrumLength() + ", target " + rows.get(0).id() + " has "
                        + first.size() + "/" + first.spectrumLength());
            }
            image[k] = tz.image();
            imageErr[k] = tz.imageErrors();
            flux[k] = tz.spectrum();
            fluxErr[k] = tz.spectrumErrors();
        }
        String bands = String.join(",", TargetBuilder.BANDS);
        String name = "cutout_3d_cube_zoom_" + z;
        WritableDataset d = img.putDataset(name, image);
        d.putAttribute("units", "nanomaggy");
        d.putAttribute("axes", "target,band,row,column");
        d.putAttribute("bands", bands);
        d.putAttribute("long_name", "inverse-variance stack of whole cutouts (NaN = missing)");
        WritableDataset de = img.putDataset(name + "_errors", imageErr);
        de.putAttribute("units", "nanomaggy");
        de.putAttribute("axes", "target,band,row,column");
        de.putAttribute("bands", bands);
        de.putAttribute("long_name", "1-sigma uncertainty of " + name);
        String sname = "spectral_1d_cube_zoom_" + z;
        WritableDataset s = spec.putDataset(sname, flux);
        s.putAttribute("units", "1e-17 erg/s/cm^2/angstrom");
        s.putAttribute("axes", "target,wavelength");
        s.putAttribute("long_name", "inverse-variance stack of the spectra on the HiSS grid (NaN = missing)");
        WritableDataset se = spec.putDataset(sname + "_errors", fluxErr);
        se.putAttribute("units", "1e-17 erg/s/cm^2/angstrom");
        se.putAttribute("long_name", "1-sigma uncertainty of " + sname);
        spec.putDataset("wavelength", first.wavelength()).putAttribute("units", "angstrom");
    }

    private static void writeEpochs(WritableGroup semi, int z, List<Target> rows) {
        WritableGroup g = semi.putGroup(Integer.toString(z));
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("zoom", z);
        writeEpochSpectra(g, z, rows);
        writeEpochImages(g, z, rows);
    }

    private static void writeEpochSpectra(WritableGroup g, int z, List<Target> rows) {
        WritableGroup spectra = g.putGroup("spectra");
        spectra.putAttribute("NX_class", "NXcollection");
        List<float[]> data = new ArrayList<>();
        List<float[]> errors = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<Integer> targetRows = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            Target t = rows.get(k);
            TargetZoom tz = t.zoom(z);
            for (int e = 0; e < tz.epochSpectra().length; e++) {
                data.add(tz.epochSpectra()[e]);
                errors.add(tz.epochSpectrumErrors()[e]);
                ids.add(t.id());
                targetRows.add(k);
                files.add(t.spectrumFiles().get(e));
            }
        }
        spectra.putAttribute("rows", data.size());
        if (data.isEmpty()) {
            return;
        }
        WritableDataset d = spectra.putDataset("data", data.toArray(new float[0][]));
        d.putAttribute("units", "1e-17 erg/s/cm^2/angstrom");
        d.putAttribute("long_name", "single-epoch spectrum on the HiSS grid (NaN = missing)");
        spectra.putDataset("errors", errors.toArray(new float[0][])).putAttribute("units",
                "1e-17 erg/s/cm^2/angstrom");
        spectra.putDataset("wavelength", rows.get(0).zoom(z).wavelength()).putAttribute("units", "angstrom");
        spectra.putDataset("target_id", ids.stream().mapToLong(Long::longValue).toArray());
        spectra.putDataset("target_row", targetRows.stream().mapToInt(Integer::intValue).toArray());
        spectra.putDataset("spectrum_file", files.toArray(new String[0]));
    }

    private static void writeEpochImages(WritableGroup g, int z, List<Target> rows) {
        WritableGroup images = g.putGroup("images");
        images.putAttribute("NX_class", "NXcollection");
        List<float[][]> data = new ArrayList<>();
        List<float[][]> errors = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<Integer> targetRows = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> bands = new ArrayList<>();
        List<Double> mjds = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            Target t = rows.get(k);
            TargetZoom tz = t.zoom(z);
            for (int e = 0; e < tz.epochImages().length; e++) {
                CutoutSource src = t.frames().get(e);
                requireSquare(tz.epochImages()[e], tz.size(), t, z, src);
                requireSquare(tz.epochImageErrors()[e], tz.size(), t, z, src);
                data.add(tz.epochImages()[e]);
                errors.add(tz.epochImageErrors()[e]);
                ids.add(t.id());
                targetRows.add(k);
                files.add(src.frameFileName());
                bands.add(src.filter());
                mjds.add(src.mjd());
            }
        }
        images.putAttribute("rows", data.size());
        if (data.isEmpty()) {
            return;
        }
        images.putAttribute("cutout_size", rows.get(0).zoom(z).size());
        WritableDataset d = images.putDataset("data", data.toArray(new float[0][][]));
        d.putAttribute("units", "nanomaggy");
        d.putAttribute("axes", "epoch,row,column");
        d.putAttribute("long_name", "single-epoch whole cutout of one frame (one band; NaN = missing)");
        WritableDataset de = images.putDataset("errors", errors.toArray(new float[0][][]));
        de.putAttribute("units", "nanomaggy");
        de.putAttribute("axes", "epoch,row,column");
        de.putAttribute("long_name", "1-sigma uncertainty of data");
        images.putDataset("target_id", ids.stream().mapToLong(Long::longValue).toArray());
        images.putDataset("target_row", targetRows.stream().mapToInt(Integer::intValue).toArray());
        images.putDataset("frame_file", files.toArray(new String[0]));
        images.putDataset("band", bands.toArray(new String[0]));
        WritableDataset m = images.putDataset("mjd", mjds.stream().mapToDouble(Double::doubleValue).toArray());
        m.putAttribute("units", "d");
        m.putAttribute("long_name", "TAI modified Julian date of the frame");
    }

    private static void requireSquare(float[][] plane, int size, Target t, int z, CutoutSource src) {
        boolean ok = plane.length == size;
        for (int j = 0; ok && j < size; j++) {
            ok = plane[j].length == size;
        }
        if (!ok) {
            throw new IllegalArgumentException("target " + t.id() + " zoom " + z + ": the epoch image of "
                    + src.frameFileName() + " is not " + size + "x" + size);
        }
    }

    private static void writeIndex(WritableGroup g, List<Target> rows) {
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("rows", rows.size());
        g.putDataset("columns", INDEX_COLUMNS.toArray(new String[0]));
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        long[] id = new long[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        String[] cls = new String[n];
        String[] sub = new String[n];
        double[] z = new double[n];
        int[] nf = new int[n];
        int[] ns = new int[n];
        String[] ff = new String[n];
        String[] sf = new String[n];
        for (int k = 0; k < n; k++) {
            Target t = rows.get(k);
            id[k] = t.id();
            ra[k] = t.ra();
            dec[k] = t.dec();
            cls[k] = nonNull(t.objectClass());
            sub[k] = nonNull(t.subClass());
            z[k] = t.redshift();
            nf[k] = t.frameFiles().size();
            ns[k] = t.spectrumFiles().size();
            ff[k] = String.join(",", t.frameFiles());
            sf[k] = String.join(",", t.spectrumFiles());
        }
        g.putDataset("target_id", id).putAttribute("long_name", "HEALPix order-15 nested cell of the plug position");
        g.putDataset("ra", ra).putAttribute("units", "deg");
        g.putDataset("dec", dec).putAttribute("units", "deg");
        g.putDataset("class", cls);
        g.putDataset("subclass", sub);
        g.putDataset("redshift", z);
        g.putDataset("n_frames", nf);
        g.putDataset("n_spectra", ns);
        g.putDataset("frame_files", ff);
        g.putDataset("spectrum_files", sf);
    }

    private static void writeRefusals(WritableGroup g, List<Refusal> rows) {
        g.putAttribute("NX_class", "NXcollection");
        g.putAttribute("rows", rows.size());
        g.putDataset("columns", REFUSAL_COLUMNS.toArray(new String[0]));
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        long[] id = new long[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        String[] sf = new String[n];
        String[] reasons = new String[n];
        for (int k = 0; k < n; k++) {
            Refusal r = rows.get(k);
            id[k] = r.targetId();
            ra[k] = r.ra();
            dec[k] = r.dec();
            sf[k] = String.join(",", r.spectrumFiles());
            reasons[k] = String.join("\n", r.reasons());
        }
        g.putDataset("target_id", id);
        g.putDataset("ra", ra).putAttribute("units", "deg");
        g.putDataset("dec", dec).putAttribute("units", "deg");
        g.putDataset("spectrum_files", sf);
        g.putDataset("reasons", reasons);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static long writeAtomically(Path out, java.util.function.Consumer<WritableHdfFile> body) {
        return org.hisscube.science.hdf5.SegmentFiles.write(out, body).sizeBytes();
    }
}
