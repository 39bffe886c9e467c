package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export of the real sample: jHDF and h5py read back exactly the target's arrays; same input, same bytes. */
class CubeExportWriterTest {
    @TempDir
    static Path dir;

    static Path export;

    @BeforeAll
    static void writeExport() {
        TargetBuilder.Result r = SampleTargets.result();
        export = dir.resolve("cube.h5");
        long bytes = CubeExportWriter.write(export, r.targets(), 4, r.refusals());
        assertThat(bytes).isPositive();
    }

    @Test
    void shouldHoldTheTargetArraysInTheDenseCubeAtEveryZoom() {
        Target t = SampleTargets.fstar();
        try (HdfFile f = new HdfFile(export)) {
            assertThat(f.getAttribute("hisscube_kind").getData()).isEqualTo("export");
            assertThat(f.getAttribute("NX_class").getData()).isEqualTo("NXroot");
            assertThat(((Number) f.getAttribute("schema_version").getData()).intValue()).isEqualTo(1);
            assertThat(f.getAttribute("_jHDF")).isNull();
            for (int z = 0; z < 4; z++) {
                int s = 64 >> z;
                Dataset img = f.getDatasetByPath(CubeExportWriter.imageCube(z));
                Dataset err = f.getDatasetByPath(CubeExportWriter.imageCube(z) + "_errors");
                assertThat(img.getDimensions()).containsExactly(1, 5, s, s);
                assertThat(err.getDimensions()).containsExactly(1, 5, s, s);
                assertThat(img.getJavaType()).isEqualTo(float.class);
                float[][][][] data = (float[][][][]) img.getData();
                float[][][][] errors = (float[][][][]) err.getData();
                assertThat(data[0]).isDeepEqualTo(t.zoom(z).image());
                assertThat(errors[0]).isDeepEqualTo(t.zoom(z).imageErrors());
                Dataset spec = f.getDatasetByPath(CubeExportWriter.spectrumCube(z));
                Dataset specErr = f.getDatasetByPath(CubeExportWriter.spectrumCube(z) + "_errors");
                assertThat(spec.getDimensions()).containsExactly(1, 4620 >> z);
                assertThat(((float[][]) spec.getData())[0]).containsExactly(t.zoom(z).spectrum());
                assertThat(((float[][]) specErr.getData())[0]).containsExactly(t.zoom(z).spectrumErrors());
                assertThat((double[]) f.getDatasetByPath("dense_cube/" + z + "/ml_spectrum/wavelength").getData())
                        .containsExactly(t.zoom(z).wavelength());
            }
            for (int z = 0; z < 4; z++) {
                Dataset epochs = f.getDatasetByPath("semi_sparse_cube/" + z + "/spectra/data");
                assertThat(epochs.getDimensions()).containsExactly(3, 4620 >> z);
                float[][] ed = (float[][]) epochs.getData();
                float[][] ee = (float[][]) f.getDatasetByPath("semi_sparse_cube/" + z + "/spectra/errors").getData();
                for (int k = 0; k < 3; k++) { // row by row: containsExactly treats NaN as equal to NaN
                    assertThat(ed[k]).containsExactly(t.zoom(z).epochSpectra()[k]);
                    assertThat(ee[k]).containsExactly(t.zoom(z).epochSpectrumErrors()[k]);
                }
                assertThat((String[]) f.getDatasetByPath("semi_sparse_cube/" + z + "/spectra/spectrum_file")
                        .getData()).containsExactlyElementsOf(SampleTargets.FSTAR_SPECTRA);
                assertThat((long[]) f.getDatasetByPath("semi_sparse_cube/" + z + "/spectra/target_id").getData())
                        .containsOnly(SampleTargets.FSTAR_ID);
            }
            assertThat((long[]) f.getDatasetByPath("index/target_id").getData())
                    .containsExactly(SampleTargets.FSTAR_ID);
            assertThat((double[]) f.getDatasetByPath("index/ra").getData()).containsExactly(t.ra());
            assertThat((double[]) f.getDatasetByPath("index/dec").getData()).containsExactly(t.dec());
            assertThat((double[]) f.getDatasetByPath("index/redshift").getData()).containsExactly(t.redshift());
            assertThat((String[]) f.getDatasetByPath("index/class").getData()).containsExactly(t.objectClass());
            assertThat((int[]) f.getDatasetByPath("index/n_frames").getData()).containsExactly(5);
            assertThat((int[]) f.getDatasetByPath("index/n_spectra").getData()).containsExactly(3);
            assertThat((String[]) f.getDatasetByPath("refusals/spectrum_files").getData())
                    .containsExactly(SampleTargets.EDGE_GALAXY);
            assertThat(((String[]) f.getDatasetByPath("refusals/reasons").getData())[0]).contains("EDGE at frame-");
        }
    }

    @Test
    void shouldHoldOneSingleEpochImageRowPerFrameOfTheTargetAtEveryZoom() {
        Target t = SampleTargets.fstar();
        try (HdfFile f = new HdfFile(export)) {
            for (int z = 0; z < 4; z++) {
                int s = 64 >> z;
                String g = "semi_sparse_cube/" + z + "/images/";
                Dataset data = f.getDatasetByPath(g + "data");
                Dataset errors = f.getDatasetByPath(g + "errors");
                assertThat(data.getDimensions()).containsExactly(5, s, s);
                assertThat(errors.getDimensions()).containsExactly(5, s, s);
                assertThat(data.getJavaType()).isEqualTo(float.class);
                assertThat(data.getDataType().getSize()).isEqualTo(4);
                assertThat(((Number) f.getByPath("semi_sparse_cube/" + z + "/images").getAttribute("rows").getData())
                        .intValue()).isEqualTo(5);
                assertThat((float[][][]) data.getData()).isDeepEqualTo(t.zoom(z).epochImages());
                assertThat((float[][][]) errors.getData()).isDeepEqualTo(t.zoom(z).epochImageErrors());
                assertThat((String[]) f.getDatasetByPath(g + "frame_file").getData())
                        .containsExactlyElementsOf(t.frameFiles()).isSorted();
                assertThat((String[]) f.getDatasetByPath(g + "band").getData()).containsExactly("g", "i", "r", "u",
                        "z");
                assertThat((double[]) f.getDatasetByPath(g + "mjd").getData())
                        .containsExactly(t.frames().stream().mapToDouble(c -> c.mjd()).toArray());
                assertThat((long[]) f.getDatasetByPath(g + "target_id").getData()).containsOnly(SampleTargets.FSTAR_ID)
                        .hasSize(5);
                assertThat((int[]) f.getDatasetByPath(g + "target_row").getData()).containsOnly(0).hasSize(5);
            }
            // the MJDs are those of the frames (TAI keyword / 86400, float64): the five bands of one field of one drift scan,
            // taken within minutes of each other
            double[] mjd = (double[]) f.getDatasetByPath("semi_sparse_cube/0/images/mjd").getData();
            String[] files = (String[]) f.getDatasetByPath("semi_sparse_cube/0/images/frame_file").getData();
            for (int k = 0; k < 5; k++) {
                String file = files[k];
                assertThat(mjd[k]).as(file).isEqualTo(SampleTargets.frames().stream()
                        .filter(p -> p.fileName().equals(file)).findFirst().orElseThrow().source().mjd());
                assertThat(mjd[k]).isCloseTo(mjd[0], within(0.01));
            }
        }
    }

    @Test
    void shouldStackTheSingleEpochImagesOfEachBandToTheDenseCubePlane() {
        try (HdfFile f = new HdfFile(export)) {
            for (int z = 0; z < 4; z++) {
                String g = "semi_sparse_cube/" + z + "/images/";
                float[][][] data = (float[][][]) f.getDatasetByPath(g + "data").getData();
                float[][][] errors = (float[][][]) f.getDatasetByPath(g + "errors").getData();
                String[] band = (String[]) f.getDatasetByPath(g + "band").getData();
                float[][][][] dense = (float[][][][]) f.getDatasetByPath(CubeExportWriter.imageCube(z)).getData();
                float[][][][] denseErr = (float[][][][]) f.getDatasetByPath(CubeExportWriter.imageCube(z) + "_errors")
                        .getData();
                for (int b = 0; b < 5; b++) {
                    List<Integer> rows = new ArrayList<>();
                    for (int k = 0; k < band.length; k++) {
                        if (band[k].equals(TargetBuilder.BANDS.get(b))) {
                            rows.add(k);
                        }
                    }
                    assertThat(rows).as("band " + TargetBuilder.BANDS.get(b)).isNotEmpty();
                    assertInverseVarianceStack(data, errors, rows, dense[0][b], denseErr[0][b],
                            "zoom " + z + " band " + TargetBuilder.BANDS.get(b));
                }
            }
        }
    }

    /**
     * The inverse-variance stack of {@code rows} of the epoch images, computed here in float64, equals the dense
     * plane within float32 rounding.
     */
    static void assertInverseVarianceStack(float[][][] data, float[][][] errors, List<Integer> rows, float[][] plane,
            float[][] planeErr, String what) {
        int s = plane.length;
        for (int j = 0; j < s; j++) {
            for (int i = 0; i < s; i++) {
                double sw = 0;
                double swf = 0;
                for (int k : rows) {
                    double v = data[k][j][i];
                    double e = errors[k][j][i];
                    if (Double.isFinite(v) && Double.isFinite(e) && e > 0) {
                        sw += 1 / (e * e);
                        swf += v / (e * e);
                    }
                }
                String at = what + " pixel (" + i + ", " + j + ")";
                if (sw == 0) {
                    assertThat(plane[j][i]).as(at).isNaN();
                    continue;
                }
                double mean = swf / sw;
                double sigma = 1 / Math.sqrt(sw);
                assertThat((double) plane[j][i]).as(at).isCloseTo(mean,
                        within(Math.abs(mean) * 1e-6 + 1e-12));
                assertThat((double) planeErr[j][i]).as(at + " sigma").isCloseTo(sigma,
                        within(sigma * 1e-6));
            }
        }
    }

    @Test
    void shouldWriteTheSameBytesTwice() throws IOException {
        TargetBuilder.Result r = SampleTargets.result();
        Path again = dir.resolve("again.h5");
        CubeExportWriter.write(again, r.targets(), 4, r.refusals());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(export));
        // and over an existing larger file
        Path small = dir.resolve("over.h5");
        Files.write(small, new byte[(int) Files.size(export) + 4096]);
        CubeExportWriter.write(small, r.targets(), 4, r.refusals());
        assertThat(Files.readAllBytes(small)).isEqualTo(Files.readAllBytes(export));
    }

    @Test
    void shouldWriteAnExportWithoutTargets() throws Exception {
        Path empty = dir.resolve("empty.h5");
        CubeExportWriter.write(empty, List.of(), 2, SampleTargets.result().refusals());
        try (HdfFile f = new HdfFile(empty)) {
            assertThat(((Number) f.getAttribute("target_count").getData()).intValue()).isZero();
            assertThat(((Number) f.getAttribute("refusal_count").getData()).intValue()).isOne();
            assertThat(((Number) f.getByPath("index").getAttribute("rows").getData()).intValue()).isZero();
            assertThat((String[]) f.getDatasetByPath("index/columns").getData())
                    .containsExactlyElementsOf(CubeExportWriter.INDEX_COLUMNS);
            assertThat(((Number) f.getByPath("semi_sparse_cube/1/images").getAttribute("rows").getData()).intValue())
                    .isZero();
        }
        // every object opens in h5py too (jHDF 0.13.0 once wrote this file with a corrupt last group)
        String script = """
                import sys, h5py
                with h5py.File(sys.argv[1], "r") as f:
                    names = []
                    f.visit(names.append)
                    print("objects", len(names))
                    print("index", int(f["index"].attrs["rows"]), len(f["index/columns"]))
                    print("refused", f["refusals/target_id"].shape[0], int(f.attrs["target_count"]))
                """;
        List<String> lines = python(script, empty.toString());
        assertThat(lines).contains("index 0 10", "refused 1 0");
    }

    @Test
    void shouldOpenInH5pyWithTheSameShapesAndValues() throws Exception {
        Target t = SampleTargets.fstar();
        String script = """
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], "r") as f:
                    for z in range(4):
                        d = f["dense_cube/%d/ml_image/cutout_3d_cube_zoom_%d" % (z, z)]
                        e = f["dense_cube/%d/ml_image/cutout_3d_cube_zoom_%d_errors" % (z, z)]
                        s = f["dense_cube/%d/ml_spectrum/spectral_1d_cube_zoom_%d" % (z, z)]
                        print("zoom", z, ",".join(map(str, d.shape)), ",".join(map(str, e.shape)),
                              ",".join(map(str, s.shape)), d.dtype.str, s.dtype.str)
                    print("epochs", ",".join(map(str, f["semi_sparse_cube/0/spectra/data"].shape)))
                    for z in range(4):
                        g = f["semi_sparse_cube/%d/images" % z]
                        print("images", z, ",".join(map(str, g["data"].shape)), ",".join(map(str, g["errors"].shape)),
                              g["data"].dtype.str, g["target_id"].dtype.str, g["target_row"].dtype.str,
                              g["mjd"].dtype.str, int(g.attrs["rows"]))
                    g = f["semi_sparse_cube/0/images"]
                    print("frames", ",".join(v.decode() for v in g["frame_file"][()]))
                    print("bands", ",".join(v.decode() for v in g["band"][()]))
                    print("mjd", repr(float(g["mjd"][2])))
                    print("epoch_r", repr(float(g["data"][2, 32, 32])), repr(float(g["errors"][2, 32, 32])))
                    d = f["dense_cube/0/ml_image/cutout_3d_cube_zoom_0"][()]
                    e = f["dense_cube/0/ml_image/cutout_3d_cube_zoom_0_errors"][()]
                    print("centre", repr(float(d[0, 2, 32, 32])), repr(float(e[0, 2, 32, 32])))
                    print("spec", repr(float(f["dense_cube/0/ml_spectrum/spectral_1d_cube_zoom_0"][0, 2000])))
                    print("id", int(f["index/target_id"][0]), f["index/target_id"].dtype.str)
                    c = f["index/class"][0]
                    print("class", (c.decode() if isinstance(c, bytes) else c).strip())
                    k = f.attrs["hisscube_kind"]
                    print("kind", k.decode() if isinstance(k, bytes) else k, int(f.attrs["schema_version"]))
                """;
        List<String> lines = python(script, export.toString());
        assertThat(lines).contains("zoom 0 1,5,64,64 1,5,64,64 1,4620 <f4 <f4", "zoom 1 1,5,32,32 1,5,32,32 1,2310 <f4 <f4",
                "zoom 2 1,5,16,16 1,5,16,16 1,1155 <f4 <f4", "zoom 3 1,5,8,8 1,5,8,8 1,577 <f4 <f4",
                "epochs 3,4620", "id " + SampleTargets.FSTAR_ID + " <i8", "class " + t.objectClass().trim(), "kind export 1");
        assertThat(lines).contains("centre " + pyRepr(t.zoom(0).image()[2][32][32]) + " "
                + pyRepr(t.zoom(0).imageErrors()[2][32][32]));
        assertThat(lines).contains("spec " + pyRepr(t.zoom(0).spectrum()[2000]));
        assertThat(lines).contains("images 0 5,64,64 5,64,64 <f4 <i8 <i4 <f8 5", "images 1 5,32,32 5,32,32 <f4 <i8 <i4 <f8 5",
                "images 2 5,16,16 5,16,16 <f4 <i8 <i4 <f8 5", "images 3 5,8,8 5,8,8 <f4 <i8 <i4 <f8 5",
                "frames " + String.join(",", t.frameFiles()), "bands g,i,r,u,z",
                "epoch_r " + pyRepr(t.zoom(0).epochImages()[2][32][32]) + " "
                        + pyRepr(t.zoom(0).epochImageErrors()[2][32][32]));
        assertThat(t.frames().get(2).filter()).isEqualTo("r");
        String mjd = lines.stream().filter(l -> l.startsWith("mjd ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(mjd.substring(4))).isEqualTo(t.frames().get(2).mjd());
    }

    @Test
    void shouldListTheSingleEpochImageDatasetsWithH5dump() throws Exception {
        Path empty = dir.resolve("empty-for-h5dump.h5");
        CubeExportWriter.write(empty, List.of(), 1, SampleTargets.result().refusals());
        assertThat(h5dumpHeader(empty)).contains("GROUP \"images\"", "GROUP \"index\"", "DATASET \"columns\"",
                "DATASET \"reasons\"");
        String out = h5dumpHeader(export);
        assertThat(out).contains("GROUP \"images\"", "DATASET \"frame_file\"", "DATASET \"band\"",
                "DATASET \"mjd\"", "DATASET \"target_row\"", "( 5, 64, 64 )", "( 5, 8, 8 )", "H5T_IEEE_F32LE",
                "H5T_IEEE_F64LE", "H5T_STD_I64LE", "H5T_STD_I32LE");
    }

    /** {@code h5dump -H} of a file; a missing h5dump fails (install hdf5-tools), it never skips. */
    static String h5dumpHeader(Path file) throws Exception {
        Path exe = Path.of("/usr/bin/h5dump");
        if (!Files.isExecutable(exe)) {
            fail("/usr/bin/h5dump is missing: install hdf5-tools (scripts/install-test-deps.sh)");
        }
        Process p = new ProcessBuilder(exe.toString(), "-H", file.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("h5dump did not finish in 120 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("h5dump -H " + file + ":\n" + text).isZero();
        return text;
    }

    /** Python's repr of a float32 widened to float64 equals Java's Double.toString for ordinary magnitudes. */
    static String pyRepr(float v) {
        return Double.toString(v);
    }

    /** Runs Debian's /usr/bin/python3 (with python3-h5py); a missing interpreter or module fails, it never skips. */
    static List<String> python(String script, String... args) throws Exception {
        Path py = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(py)) {
            fail("/usr/bin/python3 is missing: install python3 and python3-h5py (scripts/install-test-deps.sh)");
        }
        List<String> cmd = new ArrayList<>(List.of(py.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python3 did not finish in 120 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            if (text.contains("No module named 'h5py'")) {
                fail("python3-h5py is missing: install it (scripts/install-test-deps.sh); python said: " + text);
            }
            fail("python3 failed (exit " + p.exitValue() + "): " + text);
        }
        return List.of(text.split("\n"));
    }
}
