package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
    void shouldWriteAnExportWithoutTargets() {
        Path empty = dir.resolve("empty.h5");
        CubeExportWriter.write(empty, List.of(), 2, SampleTargets.result().refusals());
        try (HdfFile f = new HdfFile(empty)) {
            assertThat(((Number) f.getAttribute("target_count").getData()).intValue()).isZero();
            assertThat(((Number) f.getAttribute("refusal_count").getData()).intValue()).isOne();
        }
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
