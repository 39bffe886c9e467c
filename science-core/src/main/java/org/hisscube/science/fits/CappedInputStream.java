package org.hisscube.science.fits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and refuses to deliver more than a cap: the guard against decompression bombs.
 * A stream that ends exactly at the cap is fine; asking for a byte beyond the cap when one exists throws
 * {@link LimitExceeded}.
 */
final class CappedInputStream extends FilterInputStream {
    /** The stream has more bytes than the cap allows. */
    static final class LimitExceeded extends IOException {
        private final long cap;

        LimitExceeded(long cap) {
            super("more than " + cap + " bytes");
            this.cap = cap;
        }

        long cap() {
            return cap;
        }
    }

    private final long cap;
    private long count;

    CappedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    /** Bytes delivered so far. */
    long count() {
        return count;
    }

    private void atCap() throws IOException {
        if (in.read() >= 0) {
            throw new LimitExceeded(cap);
        }
    }

    @Override
    public int read() throws IOException {
        if (count >= cap) {
            atCap();
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (count >= cap) {
            atCap();
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, cap - count));
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        if (count >= cap) {
            atCap();
            return 0;
        }
        long s = in.skip(Math.min(n, cap - count));
        if (s > 0) {
            count += s;
        }
        return s;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: the count must stay monotonic
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
