package org.hisscube.science.fits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps the raw source (file, object-store stream) so that its I/O failures can be told apart from corrupt content:
 * every IOException the source throws leaves as a {@link SourceFailure}. A decompressor above it throws plain
 * IOExceptions for corrupt compressed data.
 */
final class SourceGuardInputStream extends FilterInputStream {
    /** The underlying source failed (not the content). */
    static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    SourceGuardInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    /** Does not close the source: whoever opened it closes it. */
    @Override
    public void close() {
    }
}
