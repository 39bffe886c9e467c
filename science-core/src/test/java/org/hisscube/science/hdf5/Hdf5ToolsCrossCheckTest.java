package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.hisscube.science.SampleData;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segments open in the real HDF5 tools: h5dump (hdf5-tools) and h5py (python3-h5py, Debian's /usr/bin/python3).
 * A missing tool fails the test with a hint to run scripts/install-test-deps.sh; it never skips.
 */
class Hdf5ToolsCrossCheckTest {
    @TempDir
    static Path dir;

    static Hdf5TestSupport.Real r;
    static Path image;
    static Path imageDeflate;
    static SdssSpectrum spectrum;
    static SpectrumPyramid spectrumPyramid;
    static Path spectrumFile;

    @BeforeAll
    static void writeSegments() {
        r = Hdf5TestSupport.realR();
        image = dir.resolve("frame-r-002820-3-0122.h5");
        ImageSegmentWriter.write(image, r.frame(), r.pyramid());
        imageDeflate = dir.resolve("frame-r-002820-3-0122-deflate.h5");
        ImageSegmentWriter.write(imageDeflate, r.frame(), r.pyramid(), SegmentCompression.SHUFFLE_DEFLATE);
        spectrum = new SpectrumReader().read(SampleData.spectrum("spec-3126-54804-0211.fits"));
        spectrumPyramid = SpectrumPyramid.of(spectrum);
        spectrumFile = dir.resolve("spec-3126-54804-0211.h5");
        SpectrumSegmentWriter.write(spectrumFile, spectrum, spectrumPyramid);
    }

    /** SHA-256 of the little-endian float32 bytes, as numpy's {@code a.astype('<f4').tobytes()}. */
    static String sha256LittleEndian(float[] values) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    static String sha256LittleEndian(double[] values) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    @Test
    void shouldFailNotSkipWithTheInstallHintWhenAToolIsMissing() {
        assertThatThrownBy(() -> Hdf5TestSupport.run(List.of("/nonexistent/bin/h5dump", "-H", "x.h5"), "h5dump"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("scripts/install-test-deps.sh");
        assertThatThrownBy(() -> Hdf5TestSupport.run(List.of("h5dump-not-installed-anywhere"), "h5dump"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("scripts/install-test-deps.sh");
    }

    @Test
    void shouldListEveryGroupAndTypeWithH5dumpHeaderOnly() {
        for (Path file : List.of(image, imageDeflate)) {
            Hdf5TestSupport.Run run = Hdf5TestSupport.run(List.of("h5dump", "-H", file.toString()), "h5dump");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String out = run.stdout();
            for (String g : List.of("zoom_0", "zoom_1", "zoom_2", "zoom_3", "metadata")) {
                assertThat(out).contains("GROUP \"" + g + "\"");
            }
            assertThat(out).contains("DATASET \"data\"", "DATASET \"errors\"", "DATASET \"healpix_cells\"",
                    "DATASET \"fits_header\"", "ATTRIBUTE \"CRVAL1\"", "H5T_IEEE_F32LE", "H5T_IEEE_F64LE",
                    "H5T_STD_I64LE", "( 1489, 2048 )", "( 186, 256 )", "ATTRIBUTE \"NX_class\"",
                    "ATTRIBUTE \"default\"");
        }
        Hdf5TestSupport.Run run = Hdf5TestSupport.run(List.of("h5dump", "-H", spectrumFile.toString()), "h5dump");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("GROUP \"zoom_3\"", "DATASET \"wavelength\"", "DATASET \"flux\"",
                "( 4620 )", "( 577 )", "DATASET \"healpix15\"");
    }

    @Test
    void shouldReadTheImageSegmentWithH5pyExactlyAsWritten() throws Exception {
        String script = """
                import sys, hashlib, h5py, numpy as np
                for path in sys.argv[1:]:
                    with h5py.File(path, "r") as f:
                        d = f["zoom_0/data"]
                        e = f["zoom_0/errors"]
                        print("shape", d.shape[0], d.shape[1], e.shape[0], e.shape[1])
                        print("dtype", d.dtype.str, e.dtype.str, f["zoom_0"].attrs["CRVAL1"].dtype.str)
                        print("value", repr(float(d[482, 779])), repr(float(e[482, 779])))
                        print("sha_data", hashlib.sha256(d[()].astype("<f4").tobytes()).hexdigest())
                        print("sha_errors3", hashlib.sha256(f["zoom_3/errors"][()].astype("<f4").tobytes()).hexdigest())
                        print("crval1", repr(float(f["zoom_2"].attrs["CRVAL1"])))
                        c = f["metadata/healpix_cells"]
                        print("cells", c.dtype.str, " ".join(str(int(v)) for v in c[()]))
                        print("filter", f["metadata/filter"][()].decode(), f["metadata/tai_seconds"].dtype.str)
                        print("nx", f.attrs["NX_class"].decode(), f.attrs["default"].decode(),
                              f["zoom_0"].attrs["signal"].decode())
                        print("cards", len(f["metadata/fits_header"][()].decode().split("\\n")))
                        print("end")
                """;
        Hdf5TestSupport.Run run = Hdf5TestSupport.python(script, image.toString(), imageDeflate.toString());
        String[] blocks = run.stdout().split("end\n");
        assertThat(blocks).hasSize(2);
        ZoomLevel z0 = r.pyramid().level(0);
        String expectedSha = sha256LittleEndian(z0.dataCopy());
        String expectedErr3 = sha256LittleEndian(r.pyramid().level(3).errorsCopy());
        StringBuilder cells = new StringBuilder();
        for (long c : FrameFootprint.healpixCells(r.frame().wcs())) {
            cells.append(cells.length() == 0 ? "" : " ").append(c);
        }
        for (String block : blocks) {
            List<String> lines = block.lines().toList();
            assertThat(lines).contains("shape 1489 2048 1489 2048", "dtype <f4 <f4 <f8",
                    "sha_data " + expectedSha, "sha_errors3 " + expectedErr3, "cells <i8 " + cells,
                    "filter r <f8", "nx NXroot zoom_0 data", "cards " + r.frame().primaryHeaderCards().size());
            String value = lines.stream().filter(l -> l.startsWith("value ")).findFirst().orElseThrow();
            String[] v = value.split(" ");
            assertThat(Double.parseDouble(v[1])).isEqualTo((double) z0.value(779, 482));
            assertThat(Double.parseDouble(v[2])).isEqualTo((double) z0.sigma(779, 482));
            String crval = lines.stream().filter(l -> l.startsWith("crval1 ")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(crval.substring(7))).isEqualTo(r.pyramid().level(2).wcs().crval1());
        }
    }

    @Test
    void shouldReadTheSpectrumSegmentWithH5pyExactlyAsWritten() throws Exception {
        String script = """
                import sys, hashlib, h5py
                with h5py.File(sys.argv[1], "r") as f:
                    fl = f["zoom_0/flux"]
                    print("flux", fl.shape[0], fl.dtype.str, f["zoom_0/wavelength"].dtype.str,
                          f["zoom_3/flux"].shape[0])
                    print("sha_flux", hashlib.sha256(fl[()].astype("<f4").tobytes()).hexdigest())
                    print("sha_wave", hashlib.sha256(f["zoom_1/wavelength"][()].astype("<f8").tobytes()).hexdigest())
                    print("hp", f["metadata/healpix15"].dtype.str, int(f["metadata/healpix15"][()]))
                    print("ra", repr(float(f["metadata/plug_ra"][()])), f["metadata/class"][()].decode())
                """;
        Hdf5TestSupport.Run run = Hdf5TestSupport.python(script, spectrumFile.toString());
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).contains("flux 4620 <f4 <f8 577",
                "sha_flux " + sha256LittleEndian(spectrumPyramid.zoom(0).fluxFloat32()),
                "sha_wave " + sha256LittleEndian(spectrumPyramid.zoom(1).wavelength()),
                "hp <i8 " + SpectrumSegmentWriter.healpix15(spectrum),
                "ra 38.301802 " + spectrum.className());
    }
}
