package org.hisscube.science.fits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bzip2 decoded on several cores. A bzip2 stream is a sequence of independently compressed blocks (900 kB of input
 * each at level 9), each opened by the 48-bit magic {@code 0x314159265359} at any bit position and closed by the next
 * block's magic or the stream's end magic {@code 0x177245385090}. As parallel decoders such as lbzip2 and pbzip2 do,
 * this one finds those magics bit by bit, cuts the input there, and decodes every block on a worker thread; the
 * blocks come out in order, the first one as soon as it is decoded.
 *
 * <p>Each block is decoded by {@link Bzip2InputStream} itself, as a stream of its own: the block's bits under a
 * stream header of the original's level, followed by an end magic whose combined CRC is the block's own CRC. So every
 * check of the sequential decoder applies to every block (Huffman tables, selectors, origin pointer, sizes, the block
 * CRC), and the stream's combined CRC is checked here from the block CRCs in order.
 *
 * <p>Where the cut is not a clean sequence of blocks — a magic-like bit pattern inside compressed data (one chance in
 * 2<sup>48</sup> per bit), damaged or truncated data, data after the last stream — the whole input is decoded again
 * by the sequential {@link Bzip2InputStream}, which then gives the same bytes or the same refusal as always. The
 * compressed input is read into memory (SDSS frames are a few MB compressed); inputs above {@link #MAX_PARALLEL_INPUT}
 * are decoded sequentially.
 */
public final class ParallelBzip2 {
    private static final long BLOCK_MAGIC = 0x314159265359L;
    private static final long END_MAGIC = 0x177245385090L;
    private static final long MASK48 = (1L << 48) - 1;
    /** Inputs larger than this are decoded by the sequential decoder (no whole-input buffer). */
    public static final int MAX_PARALLEL_INPUT = 256 << 20;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), daemonThreads());

    /** Each worker's block array (3.6 MB at level 9), reused from block to block. */
    private static final ThreadLocal<int[]> BLOCK_ARRAY = ThreadLocal.withInitial(() -> new int[900_000]);

    private ParallelBzip2() {
    }

    /**
     * A decoder of the bzip2 data in {@code in} (one or more concatenated streams), on up to
     * {@code availableProcessors} threads; the same bytes and the same refusals as {@link Bzip2InputStream}.
     */
    public static InputStream open(InputStream in) throws IOException {
        if (threads() <= 1) {
            return new Bzip2InputStream(in);
        }
        byte[] data = in.readNBytes(MAX_PARALLEL_INPUT + 1);
        if (data.length > MAX_PARALLEL_INPUT) {
            return new Bzip2InputStream(new java.io.SequenceInputStream(new ByteArrayInputStream(data), in));
        }
        in.close();
        List<Block> blocks = plan(data);
        if (blocks == null || blocks.size() < 2) {
            return new Bzip2InputStream(new ByteArrayInputStream(data));
        }
        List<CompletableFuture<Chunk>> decoded = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            decoded.add(CompletableFuture.supplyAsync(() -> b.decodeChunk(data), POOL));
        }
        return new Ordered(data, decoded);
    }

    /**
     * System property: decode with the sequential decoder when set to 1 (a service that already keeps every core
     * busy with several stream threads, or a benchmark's one-core pass); default: the number of cores.
     */
    public static final String THREADS_PROPERTY = "hisscube.bzip2.threads";

    static int threads() {
        return Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
    }

    /** Decoded bytes: the first {@code length} of {@code bytes}. */
    record Chunk(byte[] bytes, int length) {
    }

    /** One block: where its bits are, the level of its stream, its stored CRC. */
    record Block(long fromBit, long toBit, int level, int crc) {
        /** The block as a one-block stream, decoded by the sequential decoder; null when it does not decode. */
        byte[] decode(byte[] data) {
            Chunk c = decodeChunk(data);
            return c == null ? null : java.util.Arrays.copyOf(c.bytes(), c.length());
        }

        /** As {@link #decode}, without trimming the output array. */
        Chunk decodeChunk(byte[] data) {
            try {
                Bzip2InputStream d = new Bzip2InputStream(new ByteArrayInputStream(asStream(data)), BLOCK_ARRAY.get());
                byte[] out = new byte[level * 100_000 + (1 << 16)];
                int n = 0;
                for (int r; (r = d.read(out, n, out.length - n)) > 0;) {
                    n += r;
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                }
                return new Chunk(out, n);
            } catch (IOException e) {
                return null;
            }
        }

        byte[] asStream(byte[] data) {
            long bits = toBit - fromBit;
            BitWriter w = new BitWriter((int) ((bits + 4 * 8 + 80 + 7) / 8) + 1);
            w.write('B', 8);
            w.write('Z', 8);
            w.write('h', 8);
            w.write('0' + level, 8);
            w.copy(data, fromBit, bits);
            w.write(END_MAGIC, 48);
            w.write(crc & 0xffffffffL, 32);
            return w.bytes();
        }
    }

    /**
     * The blocks of every stream in order, or null when the input is not a clean sequence of streams of blocks (then
     * the sequential decoder decides). Checks each stream's combined CRC against its blocks' CRCs.
     */
    static List<Block> plan(byte[] data) {
        List<Long> magics = findMagics(data);
        List<Block> blocks = new ArrayList<>();
        long bit = 0;
        int next = 0;
        long total = (long) data.length * 8;
        while (bit < total) {
            if (bit + 32 > total || (data[(int) (bit / 8)] != 'B') || data[(int) (bit / 8) + 1] != 'Z'
                    || data[(int) (bit / 8) + 2] != 'h') {
                return null;
            }
            int level = data[(int) (bit / 8) + 3] - '0';
            if (level < 1 || level > 9) {
                return null;
            }
            bit += 32;
            int combined = 0;
            while (true) {
                while (next < magics.size() && (magics.get(next) >>> 1) < bit) {
                    next++;
                }
                if (next >= magics.size() || (magics.get(next) >>> 1) != bit) {
                    return null; // the stream's next block or end does not start where the previous block ended
                }
                long at = magics.get(next) >>> 1;
                boolean end = (magics.get(next) & 1) == 1;
                if (end) {
                    if (at + 80 > total || (int) readBits(data, at + 48, 32) != combined) {
                        return null;
                    }
                    bit = (at + 80 + 7) / 8 * 8;
                    next++;
                    break;
                }
                if (next + 1 >= magics.size() || at + 80 > total) {
                    return null;
                }
                long to = magics.get(next + 1) >>> 1;
                int crc = (int) readBits(data, at + 48, 32);
                blocks.add(new Block(at, to, level, crc));
                combined = ((combined << 1) | (combined >>> 31)) ^ crc;
                bit = to;
                next++;
            }
        }
        return blocks;
    }

    /**
     * Bit positions of every block magic and end magic, in order, each as {@code position << 1 | isEnd}. A magic
     * starting at bit {@code s} (0..7) of byte {@code i} covers byte {@code i + 1} whole, with a value fixed by
     * {@code s}: one table lookup per byte rejects almost every position; the few left are compared in full.
     */
    static List<Long> findMagics(byte[] data) {
        List<Long> found = new ArrayList<>();
        for (int i = 0; i + 6 < data.length; i++) {
            int shifts = CANDIDATE_SHIFTS[data[i + 1] & 0xff];
            if (shifts == 0) {
                continue;
            }
            long word = 0;
            for (int k = 0; k < 8; k++) {
                word = (word << 8) | (i + k < data.length ? data[i + k] & 0xff : 0);
            }
            for (int sh = 0; sh < 8; sh++) {
                if ((shifts & (1 << sh)) != 0) {
                    long bits = (word >>> (16 - sh)) & MASK48;
                    long at = (long) i * 8 + sh;
                    if (bits == BLOCK_MAGIC && at + 48 <= (long) data.length * 8) {
                        found.add(at << 1);
                    } else if (bits == END_MAGIC && at + 48 <= (long) data.length * 8) {
                        found.add((at << 1) | 1);
                    }
                }
            }
        }
        return found;
    }

    /** For each byte value, the shifts at which it is the second byte of a block or end magic. */
    private static final int[] CANDIDATE_SHIFTS = candidateShifts();

    private static int[] candidateShifts() {
        int[] table = new int[256];
        for (long magic : new long[] {BLOCK_MAGIC, END_MAGIC}) {
            for (int sh = 0; sh < 8; sh++) {
                // bits 8..15 of the window starting at byte i are magic bits (8 - sh) .. (15 - sh)
                int v = (int) ((magic >>> (48 - (16 - sh))) & 0xff);
                table[v] |= 1 << sh;
            }
        }
        return table;
    }

    static long readBits(byte[] data, long from, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            long bit = from + i;
            v = (v << 1) | ((data[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1);
        }
        return v;
    }

    /** The decoded blocks in order; falls back to the sequential decoder when a block did not decode. */
    private static final class Ordered extends InputStream {
        private final byte[] data;
        private final List<CompletableFuture<Chunk>> decoded;
        private int index;
        private byte[] current = new byte[0];
        private int currentLength;
        private int pos;
        private InputStream fallback;
        private long delivered;

        Ordered(byte[] data, List<CompletableFuture<Chunk>> decoded) {
            this.data = data;
            this.decoded = decoded;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (fallback != null) {
                return fallback.read(b, off, len);
            }
            while (pos == currentLength) {
                if (index == decoded.size()) {
                    return -1;
                }
                Chunk next = await(decoded.get(index++));
                if (next == null) {
                    // not a clean cut after all: the sequential decoder decides, from where this stream was
                    decoded.forEach(f -> f.cancel(false));
                    fallback = new Bzip2InputStream(new ByteArrayInputStream(data));
                    fallback.skipNBytes(delivered);
                    return fallback.read(b, off, len);
                }
                current = next.bytes();
                currentLength = next.length();
                pos = 0;
            }
            int k = Math.min(len, currentLength - pos);
            System.arraycopy(current, pos, b, off, k);
            pos += k;
            delivered += k;
            return k;
        }

        private static Chunk await(CompletableFuture<Chunk> f) throws IOException {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while decoding bzip2");
            } catch (ExecutionException | CancellationException e) {
                return null;
            }
        }

        @Override
        public void close() {
            decoded.forEach(f -> f.cancel(false));
            current = new byte[0];
            currentLength = 0;
            if (fallback != null) {
                try {
                    fallback.close();
                } catch (IOException ignored) {
                    // in memory
                }
            }
        }
    }

    /** Appends bits, most significant first. */
    private static final class BitWriter {
        private final byte[] out;
        private long bit;

        BitWriter(int capacity) {
            out = new byte[capacity];
        }

        void write(long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                put((int) ((value >>> i) & 1));
            }
        }

        private void put(int v) {
            if (v != 0) {
                out[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
            }
            bit++;
        }

        /** Copies {@code n} bits of {@code src} from bit {@code from}: byte-wise with a shift, not bit by bit. */
        void copy(byte[] src, long from, long n) {
            long i = 0;
            while (i < n && ((from + i) & 7) != 0) {
                put((src[(int) ((from + i) >>> 3)] >>> (7 - ((from + i) & 7))) & 1);
                i++;
            }
            int shift = (int) (bit & 7);
            while (n - i >= 8) {
                int v = src[(int) ((from + i) >>> 3)] & 0xff;
                int at = (int) (bit >>> 3);
                out[at] |= (byte) (v >>> shift);
                if (shift != 0) {
                    out[at + 1] |= (byte) (v << (8 - shift));
                }
                bit += 8;
                i += 8;
            }
            while (i < n) {
                put((src[(int) ((from + i) >>> 3)] >>> (7 - ((from + i) & 7))) & 1);
                i++;
            }
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(out, (int) ((bit + 7) >>> 3));
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "bzip2-block-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
