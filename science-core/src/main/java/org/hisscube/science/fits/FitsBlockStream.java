package org.hisscube.science.fits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nom.tam.fits.Header;
import nom.tam.util.FitsInputStream;

/**
 * Strict, sequential FITS framing over a stream: header blocks up to the END card (checked to be printable ASCII,
 * parsed by nom-tam), data read into caller-sized arrays, padding skipped. Every structural problem becomes an
 * {@link InvalidSdssFileException} naming the file and the HDU; end of stream inside a header or data unit is
 * reported as truncation (nom-tam's {@code Header.readHeader} returns null, i.e. "end of file", with only a logged
 * warning when it meets junk where a header should be, so the framing is done here and only complete, checked header
 * blocks are handed to it).
 */
final class FitsBlockStream {
    static final int BLOCK = 2880;
    static final int CARD = 80;

    /** A parsed header with its raw cards. */
    record RawHeader(Header header, List<String> cards) {
    }

    private final InputStream in;
    private final String file;
    private final int maxHeaderBlocks;
    /**
     * Data are read through this buffer. It is larger than the reader's 64 kB input buffer, so that a read of the
     * image passes the input buffer by (one copy fewer, and fewer {@code available()} calls on the source).
     */
    private final byte[] chunk = new byte[256 * 1024];
    private long position;

    FitsBlockStream(InputStream in, String file, int maxHeaderBlocks) {
        this.in = in;
        this.file = file;
        this.maxHeaderBlocks = maxHeaderBlocks;
    }

    /** Bytes consumed so far (of the decompressed FITS content). */
    long position() {
        return position;
    }

    InvalidSdssFileException invalid(int hdu, String reason) {
        return new InvalidSdssFileException(file, hdu, reason);
    }

    InvalidSdssFileException invalid(int hdu, String reason, Throwable cause) {
        return new InvalidSdssFileException(file, hdu, reason, cause);
    }

    /**
     * Reads the header of an HDU.
     *
     * @param primary true for HDU 0 (first card SIMPLE), false for an extension (first card XTENSION)
     * @return the header, or null when the stream ends exactly where the header would begin
     */
    RawHeader readHeader(int hdu, boolean primary) throws IOException {
        byte[] all = new byte[BLOCK * 4];
        int used = 0;
        boolean ended = false;
        List<String> cards = new ArrayList<>();
        for (int block = 0; block < maxHeaderBlocks && !ended; block++) {
            if (used + BLOCK > all.length) {
                all = Arrays.copyOf(all, all.length * 2);
            }
            int n = readUpTo(all, used, BLOCK);
            if (n == 0 && block == 0) {
                return null;
            }
            if (n < BLOCK) {
                throw invalid(hdu, "truncated header: the file ends " + n + " bytes into header block " + block
                        + " (at byte " + position + ")");
            }
            for (int c = 0; c < BLOCK / CARD; c++) {
                int off = used + c * CARD;
                if (!printable(all, off)) {
                    if (block == 0 && c == 0) {
                        throw invalid(hdu, primary ? "not a FITS file: the first 80 bytes are not a header card"
                                : "no FITS extension header where HDU " + hdu + " should begin (byte "
                                        + (position - BLOCK) + ")");
                    }
                    throw invalid(hdu, "header card " + (block * (BLOCK / CARD) + c)
                            + " contains bytes that are not printable ASCII");
                }
                String card = new String(all, off, CARD, StandardCharsets.US_ASCII);
                if (block == 0 && c == 0) {
                    String expected = primary ? "SIMPLE  =" : "XTENSION=";
                    if (!card.startsWith(expected)) {
                        throw invalid(hdu, (primary ? "not a FITS file" : "not a FITS extension")
                                + ": the first card is '" + card.trim() + "', expected " + expected.trim());
                    }
                }
                if (card.startsWith("END     ")) {
                    ended = true;
                    break;
                }
                cards.add(card);
            }
            used += BLOCK;
        }
        if (!ended) {
            throw invalid(hdu, "no END card within " + maxHeaderBlocks + " header blocks");
        }
        // drop trailing blank cards (keyword-less fill before END)
        int last = cards.size();
        while (last > 0 && cards.get(last - 1).isBlank()) {
            last--;
        }
        Header header;
        try {
            header = Header.readHeader(new FitsInputStream(new ByteArrayInputStream(all, 0, used)));
        } catch (IOException | RuntimeException e) {
            throw invalid(hdu, "header cannot be parsed: " + e.getMessage(), e);
        }
        if (header == null) {
            throw invalid(hdu, "header cannot be parsed");
        }
        return new RawHeader(header, List.copyOf(cards.subList(0, last)));
    }

    private static boolean printable(byte[] b, int off) {
        for (int i = off; i < off + CARD; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Reads big-endian float32 values into all of dst. */
    void readFloats(int hdu, float[] dst, String what) throws IOException {
        long total = (long) dst.length * 4;
        int done = 0;
        while (done < dst.length) {
            int count = Math.min(dst.length - done, chunk.length / 4);
            int n = readUpTo(chunk, 0, count * 4);
            if (n < count * 4) {
                throw truncated(hdu, what, (long) done * 4 + n, total);
            }
            ByteBuffer.wrap(chunk, 0, n).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(dst, done, count);
            done += count;
        }
    }

    /** Reads all of dst. */
    void readBytes(int hdu, byte[] dst, String what) throws IOException {
        int n = readUpTo(dst, 0, dst.length);
        if (n < dst.length) {
            throw truncated(hdu, what, n, dst.length);
        }
    }

    /** Reads and discards n bytes. */
    void skip(int hdu, long n, String what) throws IOException {
        long left = n;
        while (left > 0) {
            int want = (int) Math.min(left, chunk.length);
            int got = readUpTo(chunk, 0, want);
            left -= got;
            if (got < want) {
                throw truncated(hdu, what, n - left, n);
            }
        }
    }

    /**
     * Skips the fill after a data unit of dataBytes bytes up to the next 2880-byte boundary.
     *
     * @param tolerateEof whether the stream may end inside (or instead of) the fill
     * @return false when the stream ended there (only with tolerateEof)
     */
    boolean skipPadding(int hdu, long dataBytes, boolean tolerateEof) throws IOException {
        int pad = (int) ((BLOCK - dataBytes % BLOCK) % BLOCK);
        if (pad == 0) {
            return true;
        }
        int got = readUpTo(chunk, 0, pad);
        if (got < pad) {
            if (tolerateEof) {
                return false;
            }
            throw invalid(hdu, "truncated: the file ends inside the fill after the data (at byte " + position + ")");
        }
        return true;
    }

    private InvalidSdssFileException truncated(int hdu, String what, long got, long expected) {
        return invalid(hdu, "truncated: " + what + " ends after " + got + " of " + expected + " bytes (file ends at byte "
                + position + ")");
    }

    /** Reads up to len bytes, fewer only at end of stream. */
    private int readUpTo(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        position += done;
        return done;
    }
}
