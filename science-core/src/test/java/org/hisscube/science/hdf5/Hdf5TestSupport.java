package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.TestFrames;
import org.hisscube.science.pyramid.ImagePyramid;

/** Shared fixtures and helpers of the HDF5 tests: the real r frame's pyramid, hashes, and the external tools. */
final class Hdf5TestSupport {
    static final String INSTALL_HINT = "run scripts/install-test-deps.sh (installs hdf5-tools and python3-h5py)";
    /** Debian's python3 (with python3-h5py); the python on PATH may be another one without h5py. */
    static final String PYTHON = "/usr/bin/python3";

    private static volatile Real real;

    private Hdf5TestSupport() {
    }

    /** The r frame of the F-star field, calibrated, and its 4-zoom pyramid (built once per JVM). */
    record Real(SdssFrame frame, CalibratedImage calibrated, ImagePyramid pyramid) {
    }

    static Real realR() {
        Real r = real;
        if (r == null) {
            synchronized (Hdf5TestSupport.class) {
                r = real;
                if (r == null) {
                    SdssFrame frame = TestFrames.frame(TestFrames.R_FRAME);
                    CalibratedImage cal = new FrameCalibrator().calibrate(frame);
                    r = new Real(frame, cal, ImagePyramid.of(cal));
                    real = r;
                }
            }
        }
        return r;
    }

    static String sha256(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Result of an external command. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command; fails (never skips) with the install hint when the program is not installed. */
    static Run run(List<String> command, String toolDescription) {
        Path exe = Path.of(command.get(0));
        if (exe.isAbsolute() ? !Files.isExecutable(exe) : findOnPath(command.get(0)) == null) {
            fail(toolDescription + " (" + command.get(0) + ") is not installed: " + INSTALL_HINT);
        }
        try {
            Path out = Files.createTempFile("hdf5-tool", ".out");
            Path err = Files.createTempFile("hdf5-tool", ".err");
            try {
                Process p = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(command + " did not finish in 120 s");
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a Python snippet with Debian's python3 and h5py; fails with the install hint when h5py is missing. */
    static Run python(String script, String... args) {
        Run probe = run(List.of(PYTHON, "-c", "import h5py"), "python3");
        assertThat(probe.exitCode()).as("h5py is not importable by " + PYTHON + ": " + INSTALL_HINT + "\n"
                + probe.stderr()).isZero();
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(List.of(args));
        Run r = run(cmd, "python3");
        assertThat(r.exitCode()).as("python failed:\n" + r.stderr() + "\n" + r.stdout()).isZero();
        return r;
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path c = Path.of(dir, name);
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }
}
