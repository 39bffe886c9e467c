package org.hisscube.science.fits;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A bzip2 decoder ({@code .bz2}, one or more concatenated streams) written for throughput: the frames of the cube
 * arrive as {@code .fits.bz2}, and decompressing them is most of the work of an ingest.
 *
 * <p><b>Why not commons-compress.</b> {@code BZip2CompressorInputStream} produces its output one byte per call of a
 * state machine; on the project's reference machine it decodes an SDSS frame at 1.6–2× the time of the native
 * {@code bunzip2}, while the science core must ingest a {@code .fits.bz2} frame within 1.5× of it. This decoder
 * produces whole runs per call: a 64-bit bit reader over a byte buffer, table-driven Huffman decoding (codes of up
 * to {@value #FAST_BITS} bits in one lookup), move-to-front over a byte array, the inverse Burrows–Wheeler transform
 * as one {@code int[]} of the block, and the final run-length stage with the block CRC folded into the copy loop.
 * The format is that of bzip2 1.0.x (Julian Seward's {@code decompress.c} documents it; the layout is summarised at
 * each step below). commons-compress remains the project's decoder for gzip and its reference in the tests, which
 * check that both give the same bytes.
 *
 * <p><b>Checks.</b> Every block's CRC and each stream's combined CRC are verified; header fields out of range
 * (block size, Huffman tables, selectors, the origin pointer, a block longer than its declared size), a stream that
 * ends inside a block, and data after the last stream that is not another stream are all reported as
 * {@link IOException}s saying what is wrong and at which block. Randomised blocks (written only by bzip2 0.9.0 and
 * older, before 1998) are refused with a clear message rather than decoded.
 *
 * <p>Not thread-safe, like any stream.
 */
public final class Bzip2InputStream extends InputStream {
    /** Codes of up to this many bits are decoded with one table lookup. */
    static final int FAST_BITS = 11;
    private static final int MAX_CODE_LEN = 20;
    private static final int MAX_GROUPS = 6;
    private static final int GROUP_SIZE = 50;
    private static final int MAX_SELECTORS = 18002;
    private static final long BLOCK_MAGIC = 0x314159265359L;
    private static final long END_MAGIC = 0x177245385090L;
    private static final int[] CRC_TABLE = crcTable();

    private final InputStream in;
    private final byte[] inBuf = new byte[1 << 16];
    private int inPos;
    private int inLen;
    private boolean inEof;
    /** Bits not yet consumed, the next one at bit 63 of {@link #bits} (left-aligned). */
    private long bits;
    private int bitCount;

    private int blockSize;
    private int[] tt;
    private int blockNumber;
    private int streamNumber;
    private int combinedCrc;
    private boolean finished;
    private boolean closed;

    // output state of the current block
    private int tPos;
    private int blockLeft;
    private int crc;
    private int expectedBlockCrc;
    private int last = -1;
    private int runLength;
    private int repeatLeft;
    private byte repeatByte;
    private boolean inBlock;

    // Huffman and MTF scratch
    private final byte[] selectors = new byte[MAX_SELECTORS];
    private final byte[][] lengths = new byte[MAX_GROUPS][258];
    private final int[][] fast = new int[MAX_GROUPS][1 << FAST_BITS];
    private final int[][] firstCode = new int[MAX_GROUPS][MAX_CODE_LEN + 2];
    private final int[][] firstIndex = new int[MAX_GROUPS][MAX_CODE_LEN + 2];
    private final int[][] counts = new int[MAX_GROUPS][MAX_CODE_LEN + 2];
    private final int[][] sorted = new int[MAX_GROUPS][258];
    private final int[] maxLen = new int[MAX_GROUPS];
    private final byte[] seqToUnseq = new byte[256];
    private final byte[] mtf = new byte[256];
    private final int[] byteCounts = new int[256];
    private final byte[] one = new byte[1];

    /**
     * A decoder of {@code in}, which must start with a bzip2 stream header ({@code BZh1} .. {@code BZh9}).
     *
     * @throws IOException when {@code in} does not start with one
     */
    public Bzip2InputStream(InputStream in) throws IOException {
        this(in, null);
    }

    /** As {@link #Bzip2InputStream(InputStream)}, with a block array to reuse ({@link ParallelBzip2}'s workers). */
    Bzip2InputStream(InputStream in, int[] blockArray) throws IOException {
        this.in = Objects.requireNonNull(in, "in");
        this.tt = blockArray;
        if (!startStream(true)) {
            throw new IOException("not a bzip2 stream: the input is empty");
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("bzip2 stream closed");
        }
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (repeatLeft > 0) {
                int k = Math.min(repeatLeft, len - n);
                byte r = repeatByte;
                int c = crc;
                for (int i = 0; i < k; i++) {
                    b[off + n + i] = r;
                    c = (c << 8) ^ CRC_TABLE[((c >>> 24) ^ r) & 0xff];
                }
                crc = c;
                repeatLeft -= k;
                n += k;
                continue;
            }
            if (!inBlock) {
                if (finished || !nextBlock()) {
                    break;
                }
                continue;
            }
            n += copyBlock(b, off + n, len - n);
        }
        return n == 0 ? -1 : n;
    }

    /**
     * Walks the inverse BWT, undoing the initial run-length stage (four equal bytes are followed by a count of 0..255
     * further copies) and folding each byte into the block CRC; stops when {@code len} bytes are out, at a pending
     * repeat, or at the end of the block (whose CRC is then checked).
     */
    private int copyBlock(byte[] b, int off, int len) throws IOException {
        int[] t = tt;
        int p = tPos;
        int left = blockLeft;
        int c = crc;
        int prev = last;
        int run = runLength;
        int n = 0;
        while (n < len && left > 0) {
            int v = t[p];
            int ch = v & 0xff;
            p = v >>> 8;
            left--;
            if (run == 4) {
                // ch is the number of further copies of prev
                run = 0;
                if (ch > 0) {
                    repeatByte = (byte) prev;
                    repeatLeft = ch;
                    prev = -1;
                    break;
                }
                prev = -1;
                continue;
            }
            if (ch == prev) {
                run++;
            } else {
                run = 1;
                prev = ch;
            }
            b[off + n++] = (byte) ch;
            c = (c << 8) ^ CRC_TABLE[((c >>> 24) ^ ch) & 0xff];
        }
        tPos = p;
        blockLeft = left;
        crc = c;
        last = prev;
        runLength = run;
        if (left == 0 && repeatLeft == 0) {
            endBlock();
        }
        return n;
    }

    private void endBlock() throws IOException {
        int actual = ~crc;
        if (actual != expectedBlockCrc) {
            throw new IOException(String.format("bzip2 block %d of stream %d: CRC mismatch (stored %08x, "
                    + "computed %08x): the data is corrupt", blockNumber, streamNumber, expectedBlockCrc, actual));
        }
        combinedCrc = ((combinedCrc << 1) | (combinedCrc >>> 31)) ^ actual;
        inBlock = false;
    }

    /** Reads the next block header and data; false at the end of the last stream. */
    private boolean nextBlock() throws IOException {
        while (true) {
            long magic = readBits(48);
            if (magic == BLOCK_MAGIC) {
                blockNumber++;
                decodeBlock();
                return true;
            }
            if (magic != END_MAGIC) {
                throw new IOException(String.format("bzip2 stream %d: bad block signature %012x after block %d: "
                        + "the data is corrupt", streamNumber, magic, blockNumber));
            }
            int stored = (int) readBits(32);
            if (stored != combinedCrc) {
                throw new IOException(String.format("bzip2 stream %d: combined CRC mismatch (stored %08x, computed "
                        + "%08x): the data is corrupt", streamNumber, stored, combinedCrc));
            }
            int pad = bitCount % 8; // the next stream starts at a byte boundary
            bits <<= pad;
            bitCount -= pad;
            if (!startStream(false)) {
                finished = true;
                return false;
            }
        }
    }

    /**
     * Reads a stream header "BZh" + '1'..'9'; false when the input is exhausted instead (only allowed after a first
     * stream).
     */
    private boolean startStream(boolean first) throws IOException {
        if (!ensureBytes(1)) {
            return false;
        }
        if (!ensureBytes(4)) {
            throw new IOException(first ? "not a bzip2 stream: fewer than 4 bytes"
                    : "data after bzip2 stream " + streamNumber + " is not another bzip2 stream (too short)");
        }
        int b = (int) readBits(8);
        int z = (int) readBits(8);
        int h = (int) readBits(8);
        int level = (int) readBits(8);
        if (b != 'B' || z != 'Z' || h != 'h' || level < '1' || level > '9') {
            throw new IOException(first ? "not a bzip2 stream: bad header"
                    : "data after bzip2 stream " + streamNumber + " is not another bzip2 stream");
        }
        streamNumber++;
        blockNumber = 0;
        combinedCrc = 0;
        int size = (level - '0') * 100_000;
        if (tt == null || tt.length < size) {
            tt = new int[size];
        }
        blockSize = size;
        return true;
    }

    private void decodeBlock() throws IOException {
        expectedBlockCrc = (int) readBits(32);
        if (readBits(1) != 0) {
            throw new IOException("bzip2 block " + blockNumber + " of stream " + streamNumber
                    + " is randomised (written by bzip2 0.9.0 or older), which this decoder does not support");
        }
        int origPtr = (int) readBits(24);

        // symbol map: 16 bits say which ranges of 16 byte values are used, then 16 bits per used range
        int used16 = (int) readBits(16);
        int nInUse = 0;
        for (int i = 0; i < 16; i++) {
            if ((used16 & (0x8000 >>> i)) != 0) {
                int used = (int) readBits(16);
                for (int j = 0; j < 16; j++) {
                    if ((used & (0x8000 >>> j)) != 0) {
                        seqToUnseq[nInUse++] = (byte) (i * 16 + j);
                    }
                }
            }
        }
        if (nInUse == 0) {
            throw blockError("uses no byte values");
        }
        int alphaSize = nInUse + 2;

        int nGroups = (int) readBits(3);
        if (nGroups < 2 || nGroups > MAX_GROUPS) {
            throw blockError("has " + nGroups + " Huffman tables (2..6 allowed)");
        }
        int nSelectors = (int) readBits(15);
        if (nSelectors < 1) {
            throw blockError("has no selectors");
        }
        // selectors, move-to-front coded in unary
        byte[] groupMtf = {0, 1, 2, 3, 4, 5};
        int kept = Math.min(nSelectors, MAX_SELECTORS);
        for (int i = 0; i < nSelectors; i++) {
            int j = 0;
            while (readBits(1) == 1) {
                j++;
                if (j >= nGroups) {
                    throw blockError("has a selector out of range");
                }
            }
            byte g = groupMtf[j];
            System.arraycopy(groupMtf, 0, groupMtf, 1, j);
            groupMtf[0] = g;
            if (i < kept) {
                selectors[i] = g;
            }
        }
        nSelectors = kept;

        // code lengths, delta coded
        for (int t = 0; t < nGroups; t++) {
            int curr = (int) readBits(5);
            byte[] len = lengths[t];
            for (int i = 0; i < alphaSize; i++) {
                while (true) {
                    if (curr < 1 || curr > MAX_CODE_LEN) {
                        throw blockError("has a Huffman code length out of range (" + curr + ")");
                    }
                    if (readBits(1) == 0) {
                        break;
                    }
                    curr += readBits(1) == 0 ? 1 : -1;
                }
                len[i] = (byte) curr;
            }
            buildTable(t, alphaSize);
        }

        // the MTF/RLE2-coded symbols
        for (int i = 0; i < 256; i++) {
            mtf[i] = (byte) i;
        }
        Arrays.fill(byteCounts, 0);
        int[] t = tt;
        int limit = blockSize;
        int nblock = 0;
        int eob = nInUse + 1;
        int groupIndex = -1;
        int groupLeft = 0;
        int g = 0;
        int runTotal = 0;
        int runWeight = 1;
        int[] fastTable = null;
        while (true) {
            if (groupLeft == 0) {
                groupIndex++;
                if (groupIndex >= nSelectors) {
                    throw blockError("has more symbols than its selectors cover");
                }
                g = selectors[groupIndex];
                fastTable = fast[g];
                groupLeft = GROUP_SIZE;
            }
            groupLeft--;
            int sym = decodeSymbol(g, fastTable);
            if (sym <= 1) { // RUNA / RUNB: bijective base-2 digits of a run of the front byte
                runTotal += (sym + 1) * runWeight;
                runWeight <<= 1;
                if (runTotal > limit) { // runTotal >= runWeight - 1, so runWeight cannot overflow first
                    throw blockError("has a run longer than the block");
                }
                continue;
            }
            if (runTotal > 0) {
                if (nblock + runTotal > limit) {
                    throw blockError("is longer than its declared size of " + limit + " bytes");
                }
                int uc = seqToUnseq[mtf[0] & 0xff] & 0xff;
                byteCounts[uc] += runTotal;
                Arrays.fill(t, nblock, nblock + runTotal, uc);
                nblock += runTotal;
                runTotal = 0;
                runWeight = 1;
            }
            if (sym == eob) {
                break;
            }
            if (nblock >= limit) {
                throw blockError("is longer than its declared size of " + limit + " bytes");
            }
            int k = sym - 1;
            byte m = mtf[k];
            if (k < 16) {
                for (int i = k; i > 0; i--) {
                    mtf[i] = mtf[i - 1];
                }
            } else {
                System.arraycopy(mtf, 0, mtf, 1, k);
            }
            mtf[0] = m;
            int uc = seqToUnseq[m & 0xff] & 0xff;
            byteCounts[uc]++;
            t[nblock++] = uc;
        }
        if (origPtr >= nblock) {
            throw blockError("has its origin pointer " + origPtr + " beyond its " + nblock + " bytes");
        }

        // inverse BWT: t[i] keeps byte i in its low 8 bits and gets the index of its successor above them
        int[] cf = new int[256];
        int sum = 0;
        for (int i = 0; i < 256; i++) {
            cf[i] = sum;
            sum += byteCounts[i];
        }
        for (int i = 0; i < nblock; i++) {
            int uc = t[i] & 0xff;
            t[cf[uc]++] |= i << 8;
        }
        tPos = t[origPtr] >>> 8;
        blockLeft = nblock;
        crc = 0xffffffff;
        last = -1;
        runLength = 0;
        repeatLeft = 0;
        inBlock = true;
    }

    /** Canonical Huffman tables of group g: codes assigned by length, then by symbol. */
    private void buildTable(int g, int alphaSize) throws IOException {
        byte[] len = lengths[g];
        int[] count = counts[g];
        Arrays.fill(count, 0);
        int hi = 0;
        for (int i = 0; i < alphaSize; i++) {
            int l = len[i];
            count[l]++;
            hi = Math.max(hi, l);
        }
        maxLen[g] = hi;
        int[] first = firstCode[g];
        int[] index = firstIndex[g];
        int code = 0;
        int idx = 0;
        for (int l = 1; l <= MAX_CODE_LEN; l++) {
            first[l] = code;
            index[l] = idx;
            code += count[l];
            idx += count[l];
            if (code > (1 << l)) {
                throw blockError("has an over-subscribed Huffman table");
            }
            code <<= 1;
        }
        int[] perm = sorted[g];
        int[] next = Arrays.copyOf(index, MAX_CODE_LEN + 2);
        for (int i = 0; i < alphaSize; i++) {
            perm[next[len[i]]++] = i;
        }
        int[] f = fast[g];
        Arrays.fill(f, 0);
        for (int l = 1; l <= Math.min(FAST_BITS, hi); l++) {
            for (int k = 0; k < count[l]; k++) {
                int sym = perm[index[l] + k];
                int c = first[l] + k;
                int from = c << (FAST_BITS - l);
                int to = (c + 1) << (FAST_BITS - l);
                int entry = (l << 16) | sym;
                for (int e = from; e < to; e++) {
                    f[e] = entry;
                }
            }
        }
    }

    private int decodeSymbol(int g, int[] fastTable) throws IOException {
        if (bitCount < MAX_CODE_LEN) {
            refill();
        }
        int e = fastTable[(int) (bits >>> (64 - FAST_BITS))];
        if (e != 0) {
            int l = e >>> 16;
            bits <<= l;
            bitCount -= l;
            if (bitCount < 0) {
                throw truncated();
            }
            return e & 0xffff;
        }
        int[] first = firstCode[g];
        int[] index = firstIndex[g];
        int[] count = counts[g];
        for (int l = FAST_BITS + 1; l <= maxLen[g]; l++) {
            int c = (int) (bits >>> (64 - l));
            int k = c - first[l];
            if (k >= 0 && k < count[l]) {
                bits <<= l;
                bitCount -= l;
                if (bitCount < 0) {
                    throw truncated();
                }
                return sorted[g][index[l] + k];
            }
        }
        throw blockError("has a bit sequence that is no Huffman code");
    }

    private long readBits(int n) throws IOException {
        if (bitCount < n) {
            refill();
            if (bitCount < n) {
                throw truncated();
            }
        }
        long v = bits >>> (64 - n);
        bits = n == 64 ? 0 : bits << n;
        bitCount -= n;
        return v;
    }

    /** Tops the bit buffer up to at least 56 bits while input lasts. */
    private void refill() throws IOException {
        while (bitCount <= 56) {
            if (inPos == inLen && !fillInput()) {
                return;
            }
            bits |= (long) (inBuf[inPos++] & 0xff) << (56 - bitCount);
            bitCount += 8;
        }
    }

    /** Whether at least n bytes are available (buffered bits included), reading more input if needed. */
    private boolean ensureBytes(int n) throws IOException {
        refill();
        return bitCount + 8 * (inLen - inPos) >= 8 * n;
    }

    private boolean fillInput() throws IOException {
        if (inEof) {
            return false;
        }
        int r = in.read(inBuf, 0, inBuf.length);
        if (r <= 0) {
            inEof = r < 0;
            if (r == 0) {
                int one = in.read();
                if (one < 0) {
                    inEof = true;
                    return false;
                }
                inBuf[0] = (byte) one;
                inPos = 0;
                inLen = 1;
                return true;
            }
            return false;
        }
        inPos = 0;
        inLen = r;
        return true;
    }

    private IOException truncated() {
        return new EOFException("bzip2 stream " + streamNumber + " ends inside block " + blockNumber
                + ": the data is truncated");
    }

    private IOException blockError(String what) {
        return new IOException("bzip2 block " + blockNumber + " of stream " + streamNumber + " " + what
                + ": the data is corrupt");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        tt = null;
        in.close();
    }

    /** The CRC-32 of bzip2 (polynomial 0x04C11DB7, most significant bit first). */
    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            table[i] = c;
        }
        return table;
    }
}
