package org.hisscube.science.fits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hisscube.science.SampleData;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of the decoders that read untrusted bytes: {@link Bzip2InputStream}, {@link SdssFrameReader}
 * (over {@code .fits.bz2} and plain FITS) and {@link SpectrumReader}, over the REAL bundled files of
 * {@code data/sdss-sample}.
 *
 * <p><b>Mutations</b> (seeded, so every run sees the same inputs): truncation at a random offset (0 bytes, inside a
 * header, at an HDU boundary, anywhere); 1–8 flipped bits (anywhere, or inside header blocks); an 80-byte header card
 * overwritten with garbage (printable or not); a structural keyword (NAXIS, NAXISn, BITPIX, XTENSION, PCOUNT, GCOUNT,
 * TFIELDS, TFORMn, TDIMn) set to an absurd value such as {@code NAXIS1 = 999999999}; and for bzip2 the stream
 * header ({@code BZh9}), a block or end-of-stream magic, and a stored block or combined CRC.
 *
 * <p><b>Guarantee</b>, checked for every case, each run under a hang timeout:
 * <ul>
 *   <li>the bzip2 decoder either yields exactly the reference bytes (decompressed independently by commons-compress)
 *       or throws an {@link IOException} saying what is wrong with the bzip2 data: every block and every stream
 *       carry a CRC-32, so a decode that silently differs is a bug, and so is accepting a stream with any bit before
 *       its final padding damaged (a CRC left unverified);</li>
 *   <li>a reader either returns the reference object — for a {@code .bz2} frame the whole frame, since bzip2's CRCs
 *       protect every byte (and, as for the decoder, damaged bzip2 data is always refused); for plain FITS, which has
 *       no checksum, the fields it cross-checks (identity from the file name, shape) — or refuses with an
 *       {@link InvalidSdssFileException} whose message names the file;</li>
 *   <li>nothing else: no other exception type, no {@link OutOfMemoryError} or {@link StackOverflowError}, no hang.</li>
 * </ul>
 * A violation fails the test with the seed, the case number and the mutation, so it can be replayed. The seed can
 * be changed with {@code -Dhisscube.fuzz.seed=N} and the number of cases multiplied with
 * {@code -Dhisscube.fuzz.scale=K} (both only for exploring; the build uses the fixed defaults).
 */
class UntrustedInputFuzzTest {
    private static final long SEED = Long.getLong("hisscube.fuzz.seed", 0x5D55_2025L);
    private static final int SCALE = Integer.getInteger("hisscube.fuzz.scale", 1);
    /** A hang detector, not a performance bound: a case normally takes well under a second. */
    private static final Duration HANG_TIMEOUT = Duration.ofSeconds(10);

    private static final String BZ2_NAME = TestFrames.R_FRAME;
    private static final String FITS_NAME = "frame-r-002820-3-0122.fits";
    private static final long BLOCK_MAGIC = 0x314159265359L;
    private static final long END_MAGIC = 0x177245385090L;

    /** Keywords that decide the layout of an HDU, and absurd values for them. */
    private static final String[] STRUCTURAL = {"NAXIS", "NAXIS1", "NAXIS2", "BITPIX", "XTENSION", "PCOUNT", "GCOUNT",
        "TFIELDS", "TFORM", "TDIM"};
    private static final String[] ABSURD_INTEGERS = {"999999999", "-1", "0", "1", "3", "2147483648",
        "9223372036854775807", "99999999999999999999", "-32", "64", "1.5", "'junk'", "T", ""};
    private static final String[] ABSURD_XTENSIONS = {"'IMAGE   '", "'BINTABLE'", "'TABLE   '", "'FOO'", "42", "''"};
    private static final String[] ABSURD_TFORMS = {"'999999999E'", "'0E'", "'2147483647A'", "'E'", "'1P'", "'Q'",
        "'X'", "'-5E'", "'99999999999999999999J'", "''"};
    private static final String[] ABSURD_TDIMS = {"'(999999999,999999999)'", "'(0,0)'", "'()'", "'(256)'",
        "'(1,1,1)'", "'(-1,5)'", "'(65536,65536)'", "'junk'"};

    private static byte[] bz2;
    private static byte[] fits;
    private static SdssFrame referenceFrame;
    private static ExecutorService worker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadReferences() throws IOException {
        bz2 = Files.readAllBytes(SampleData.frame(BZ2_NAME));
        fits = TestFrames.decompressed(BZ2_NAME); // by commons-compress: independent of the decoder under test
        referenceFrame = TestFrames.frame(BZ2_NAME);
        worker = newWorker();
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    // --- the guarantees ------------------------------------------------------------------------------------------

    @Test
    void bzip2DecoderYieldsTheReferenceBytesOrRefusesWithAnIoErrorForEveryMutatedFrame() {
        Fuzz fuzz = new Fuzz("bzip2 decoder, " + BZ2_NAME);
        Bz2Layout layout = Bz2Layout.of(bz2);
        byte[] out = new byte[fits.length];
        for (int i = 0; i < 60 * SCALE; i++) {
            Random r = fuzz.random(i);
            Mutant m = mutateBz2(bz2, layout, Bz2Mutation.values()[i % Bz2Mutation.values().length], r);
            fuzz.check(i, m, () -> decodeInto(m.bytes(), out),
                    n -> n == fits.length && Arrays.equals(out, fits) ? null
                            : "decoded silently to different bytes: " + difference(out, n, fits),
                    e -> e instanceof IOException && String.valueOf(e.getMessage()).contains("bzip2") ? null
                            : "expected an IOException about the bzip2 data");
        }
        fuzz.assertNoViolations();
    }

    @Test
    void frameReaderReturnsTheReferenceFrameOrRefusesNamingTheFileForEveryMutatedBz2Frame() throws IOException {
        Fuzz fuzz = new Fuzz("frame reader, " + BZ2_NAME);
        Bz2Layout layout = Bz2Layout.of(bz2);
        SdssFrameReader reader = new SdssFrameReader();
        Path file = tmp.resolve(BZ2_NAME);
        for (int i = 0; i < 24 * SCALE; i++) {
            Random r = fuzz.random(i);
            Mutant m = mutateBz2(bz2, layout, Bz2Mutation.values()[i % Bz2Mutation.values().length], r);
            Files.write(file, m.bytes());
            fuzz.check(i, m, () -> reader.read(file), f -> sameFrame(f, referenceFrame), refusalNaming(BZ2_NAME));
        }
        fuzz.assertNoViolations();
    }

    @Test
    void frameReaderReturnsAFrameOfTheReferenceIdentityOrRefusesNamingTheFileForEveryMutatedFitsFrame() {
        Fuzz fuzz = new Fuzz("frame reader, " + FITS_NAME);
        List<Hdu> hdus = Hdu.layout(fits);
        SdssFrameReader reader = new SdssFrameReader();
        for (int i = 0; i < 80 * SCALE; i++) {
            Random r = fuzz.random(i);
            Mutant m = mutateFits(fits, hdus, FitsMutation.values()[i % FitsMutation.values().length], r);
            fuzz.check(i, m, () -> reader.read(new ByteArrayInputStream(m.bytes()), FITS_NAME),
                    sameIdentity(FITS_NAME), refusalNaming(FITS_NAME));
        }
        fuzz.assertNoViolations();
    }

    @Test
    void spectrumReaderReturnsASpectrumOfTheReferenceIdentityOrRefusesNamingTheFileForEveryMutatedSpectrum()
            throws IOException {
        Fuzz fuzz = new Fuzz("spectrum reader, data/sdss-sample/spectra/spec-*.fits");
        List<Path> files;
        try (Stream<Path> s = Files.list(SampleData.spectrum("."))) {
            // only SAS names: their plate, MJD and fiber are cross-checked with the contents
            files = s.filter(p -> p.getFileName().toString().matches("spec-\\d+-\\d+-\\d+\\.fits")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        SpectrumReader reader = new SpectrumReader();
        for (int i = 0; i < 120 * SCALE; i++) {
            Random r = fuzz.random(i);
            Path path = files.get(i % files.size());
            String name = path.getFileName().toString();
            byte[] original = Files.readAllBytes(path);
            SdssSpectrum reference = reader.read(original, name);
            Mutant m = mutateFits(original, Hdu.layout(original),
                    FitsMutation.values()[i % FitsMutation.values().length], r);
            Mutant named = new Mutant(m.kind(), m.bytes(), name + ": " + m.description());
            fuzz.check(i, named, () -> reader.read(m.bytes(), name),
                    s -> s.fileName().equals(name) && s.plate() == reference.plate() && s.mjd() == reference.mjd()
                            && s.fiberId() == reference.fiberId() ? null : "read as a different spectrum: " + s,
                    refusalNaming(name));
        }
        fuzz.assertNoViolations();
    }

    /** Mutations that once escaped as another exception or an Error, replayed whatever the seed. */
    @Test
    void mutationsThatOnceEscapedTheRefusalTypeAreNowReadOrRefusedNamingTheFile() throws IOException {
        Fuzz fuzz = new Fuzz("known mutations");
        SdssFrameReader frames = new SdssFrameReader();
        Hdu frameInfo = Hdu.layout(fits).get(3);

        // FIELD (TFORM8 'J', byte 36 of the HDU 3 row) = -1 under an object key, which no file-name check covers:
        // was an IllegalArgumentException from FrameId
        int at = frameInfo.dataStart() + 36;
        assertThat(ByteBuffer.wrap(fits, at, 4).getInt()).as("FIELD of the real frame").isEqualTo(122);
        byte[] negativeField = fits.clone();
        ByteBuffer.wrap(negativeField, at, 4).putInt(-1);
        String key = "uploads/object-0001";
        fuzz.check(0, new Mutant(Known.NEGATIVE_FIELD, negativeField, "HDU 3 FIELD = -1, read as " + key),
                () -> frames.read(new ByteArrayInputStream(negativeField), key),
                f -> "read with field " + f.field(), refusalNaming(key));

        // a TTYPEn card of HDU 3 without a value ('=' flipped to '<'): was a NullPointerException
        Hdu.Card ttype = frameInfo.cards().stream().filter(c -> c.keyword().equals("TTYPE8")).findFirst()
                .orElseThrow();
        byte[] valueless = fits.clone();
        valueless[ttype.offset() + 8] = '<';
        fuzz.check(1, new Mutant(Known.VALUELESS_TTYPE, valueless, "HDU 3 TTYPE8 without a value"),
                () -> frames.read(new ByteArrayInputStream(valueless), FITS_NAME), sameIdentity(FITS_NAME),
                refusalNaming(FITS_NAME));

        // a COADD column of 999999999 floats per row: nom-tam sized its arrays by it, an OutOfMemoryError
        String name = "spec-10000-57346-0020.fits";
        byte[] spectrum = Files.readAllBytes(SampleData.spectrum(name));
        Hdu coadd = Hdu.layout(spectrum).get(1);
        Hdu.Card tform = coadd.cards().stream().filter(c -> c.keyword().equals("TFORM2")).findFirst().orElseThrow();
        byte[] absurd = setCard(spectrum, tform, "'999999999E'");
        fuzz.check(2, new Mutant(Known.ABSURD_TFORM, absurd, name + ": HDU 1 TFORM2 = '999999999E'"),
                () -> new SpectrumReader().read(absurd, name), s -> "read " + s, refusalNaming(name));
        fuzz.assertNoViolations();
    }

    // --- judging -------------------------------------------------------------------------------------------------

    private static Function<Throwable, String> refusalNaming(String name) {
        return e -> {
            if (!(e instanceof InvalidSdssFileException)) {
                return "expected an InvalidSdssFileException";
            }
            return String.valueOf(e.getMessage()).contains(name) ? null : "the refusal does not name " + name;
        };
    }

    /** The frame reader cross-checks the identity with the file name and requires the SDSS shape. */
    private static Function<SdssFrame, String> sameIdentity(String name) {
        return f -> f.id().equals(referenceFrame.id()) && f.width() == referenceFrame.width()
                && f.height() == referenceFrame.height() && f.fileName().equals(name) ? null
                : "read as a different frame: " + f;
    }

    /** null when f is the reference frame in every field the reader fills. */
    private static String sameFrame(SdssFrame f, SdssFrame ref) {
        boolean same = f.id().equals(ref.id()) && f.rerun().equals(ref.rerun())
                && Double.compare(f.taiSeconds(), ref.taiSeconds()) == 0 && f.wcs().equals(ref.wcs())
                && f.sky().equals(ref.sky()) && Arrays.equals(f.calibrationCopy(), ref.calibrationCopy())
                && f.image().equals(ref.image()) && f.primaryHeaderCards().equals(ref.primaryHeaderCards());
        return same ? null : "read silently as a frame different from the reference: " + f;
    }

    /**
     * Decodes to the end of the input (a block's CRC is checked only when the block is complete), keeping the first
     * out.length bytes; returns the number of bytes decoded.
     */
    private static long decodeInto(byte[] compressed, byte[] out) throws IOException {
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(compressed))) {
            long n = 0;
            byte[] beyond = new byte[1 << 16];
            while (true) {
                int k = n < out.length ? in.read(out, (int) n, out.length - (int) n) : in.read(beyond);
                if (k < 0) {
                    return n;
                }
                n += k;
            }
        }
    }

    private static String difference(byte[] out, long n, byte[] ref) {
        int at = Arrays.mismatch(out, 0, (int) Math.min(n, ref.length), ref, 0, ref.length);
        return n + " bytes instead of " + ref.length + ", first difference at byte " + at;
    }

    // --- bzip2 mutations -----------------------------------------------------------------------------------------

    enum Bz2Mutation { TRUNCATE, FLIP_BITS, FLIP_LAST_BLOCK_BITS, STREAM_HEADER, BLOCK_MAGIC, STORED_CRC }

    /** Bit offsets of the block and end-of-stream magics (bzip2 blocks are not byte-aligned). */
    record Bz2Layout(List<Long> blockMagics, long endMagic) {
        static Bz2Layout of(byte[] b) {
            List<Long> blocks = new ArrayList<>();
            long end = -1;
            long window = 0;
            long mask = (1L << 48) - 1;
            for (long bit = 0; bit < 8L * b.length; bit++) {
                int v = (b[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1;
                window = ((window << 1) | v) & mask;
                if (bit >= 47 && window == BLOCK_MAGIC) {
                    blocks.add(bit - 47);
                } else if (bit >= 47 && window == END_MAGIC) {
                    end = bit - 47;
                }
            }
            assertThat(blocks).as("bzip2 block magics").isNotEmpty();
            assertThat(end).as("bzip2 end-of-stream magic").isPositive();
            return new Bz2Layout(List.copyOf(blocks), end);
        }
    }

    private static Mutant mutateBz2(byte[] original, Bz2Layout layout, Bz2Mutation kind, Random r) {
        Mutant m = mutateBz2Bytes(original, layout, kind, r);
        long padding = layout.endMagic() + 48 + 32; // after the combined CRC: fill up to a byte boundary
        return new Mutant(kind, m.bytes(), m.description(),
                m.bytes().length < original.length || firstDifferentBit(original, m.bytes()) < padding);
    }

    private static long firstDifferentBit(byte[] a, byte[] b) {
        int at = Arrays.mismatch(a, b);
        if (at < 0) {
            return Long.MAX_VALUE;
        }
        return 8L * at + Integer.numberOfLeadingZeros((a[at] ^ b[at]) & 0xff) - 24;
    }

    private static Mutant mutateBz2Bytes(byte[] original, Bz2Layout layout, Bz2Mutation kind, Random r) {
        return switch (kind) {
            case TRUNCATE -> truncate(original, r.nextInt(4) == 0 ? r.nextInt(Math.min(64, original.length))
                    : r.nextInt(original.length), kind);
            case FLIP_BITS -> flipBits(original, 0, original.length, kind, r);
            case FLIP_LAST_BLOCK_BITS -> // the tail of the frame: HDU 1..3, read before the stream's end
                    flipBits(original, (int) (layout.blockMagics().get(layout.blockMagics().size() - 1) >>> 3),
                            (int) (layout.endMagic() >>> 3), kind, r);
            case STREAM_HEADER -> {
                byte[] b = original.clone();
                int at = r.nextInt(4);
                byte now;
                if (at == 3) {
                    now = (byte) "012345678a\0 ".charAt(r.nextInt(12));
                } else {
                    do {
                        now = (byte) r.nextInt(256);
                    } while (now == b[at]);
                }
                String was = printable(b[at]);
                b[at] = now;
                yield new Mutant(kind, b, "stream header byte " + at + " " + was + " -> " + printable(now));
            }
            case BLOCK_MAGIC -> {
                boolean end = r.nextInt(4) == 0;
                long start = end ? layout.endMagic() : layout.blockMagics().get(r.nextInt(layout.blockMagics().size()));
                yield flipBitsIn(original, start, 48, 1 + r.nextInt(2), r, kind,
                        (end ? "end-of-stream" : "block") + " magic at bit " + start);
            }
            case STORED_CRC -> {
                boolean combined = r.nextInt(3) == 0;
                long start = (combined ? layout.endMagic()
                        : layout.blockMagics().get(r.nextInt(layout.blockMagics().size()))) + 48;
                yield flipBitsIn(original, start, 32, 1 + r.nextInt(3), r, kind,
                        (combined ? "combined" : "block") + " CRC at bit " + start);
            }
        };
    }

    /** Flips n distinct random bits of the bit range [start, start + span). */
    private static Mutant flipBitsIn(byte[] original, long start, int span, int n, Random r, Enum<?> kind,
            String where) {
        byte[] b = original.clone();
        List<Long> flipped = new ArrayList<>();
        while (flipped.size() < n) {
            long bit = start + r.nextInt(span);
            if (!flipped.contains(bit)) {
                flipped.add(bit);
                b[(int) (bit >>> 3)] ^= (byte) (0x80 >>> (bit & 7)); // bzip2 numbers bits from the most significant
            }
        }
        return new Mutant(kind, b, where + ": flipped bits " + flipped);
    }

    // --- FITS mutations ------------------------------------------------------------------------------------------

    enum FitsMutation { TRUNCATE, FLIP_BITS, FLIP_HEADER_BITS, GARBAGE_CARD, ABSURD_KEYWORD }

    enum Known { NEGATIVE_FIELD, VALUELESS_TTYPE, ABSURD_TFORM }

    /** One HDU of a (valid) FITS file: header [headerStart, dataStart), data [dataStart, end), cards of its header. */
    record Hdu(int index, int headerStart, int dataStart, int end, List<Card> cards) {
        record Card(int offset, String keyword) {
        }

        static List<Hdu> layout(byte[] b) {
            List<Hdu> hdus = new ArrayList<>();
            int pos = 0;
            while (pos + 2880 <= b.length) {
                List<Card> cards = new ArrayList<>();
                Map<String, String> values = new TreeMap<>();
                int p = pos;
                while (true) {
                    String card = new String(b, p, 80, StandardCharsets.US_ASCII);
                    String key = card.substring(0, 8).trim();
                    cards.add(new Card(p, key));
                    p += 80;
                    if (key.equals("END")) {
                        break;
                    }
                    if (card.startsWith("= ", 8)) {
                        values.putIfAbsent(key, card.substring(10).split("/")[0].trim());
                    }
                }
                int dataStart = (int) (pos + ceil(p - pos));
                long n = 0;
                int naxis = Integer.parseInt(values.get("NAXIS"));
                if (naxis > 0) {
                    n = 1;
                    for (int i = 1; i <= naxis; i++) {
                        n *= Long.parseLong(values.get("NAXIS" + i));
                    }
                }
                long bytes = Math.abs(Long.parseLong(values.get("BITPIX"))) / 8
                        * (n + Long.parseLong(values.getOrDefault("PCOUNT", "0")));
                int end = (int) (dataStart + ceil(bytes));
                hdus.add(new Hdu(hdus.size(), pos, dataStart, end, List.copyOf(cards)));
                pos = end;
            }
            assertThat(hdus).as("HDUs").hasSizeGreaterThanOrEqualTo(3);
            return List.copyOf(hdus);
        }

        private static long ceil(long n) {
            return (n + 2879) / 2880 * 2880;
        }
    }

    private static Mutant mutateFits(byte[] original, List<Hdu> hdus, FitsMutation kind, Random r) {
        Hdu hdu = hdus.get(r.nextInt(hdus.size()));
        return switch (kind) {
            case TRUNCATE -> truncate(original, switch (r.nextInt(5)) {
                case 0 -> r.nextInt(3 * 2880); // nothing, or inside the first header
                case 1 -> hdu.headerStart() + r.nextInt(hdu.dataStart() - hdu.headerStart()); // inside a header
                case 2 -> r.nextBoolean() ? hdu.dataStart() : hdu.end() - (r.nextBoolean() ? 0 : 1); // at a boundary
                default -> r.nextInt(original.length);
            }, kind);
            case FLIP_BITS -> flipBits(original, 0, original.length, kind, r);
            case FLIP_HEADER_BITS -> flipBits(original, hdu.headerStart(), hdu.dataStart(), kind, r);
            case GARBAGE_CARD -> {
                Hdu.Card card = hdu.cards().get(r.nextInt(hdu.cards().size()));
                byte[] b = original.clone();
                boolean ascii = r.nextBoolean();
                for (int k = 0; k < 80; k++) {
                    b[card.offset() + k] = (byte) (ascii ? 0x20 + r.nextInt(0x5f) : r.nextInt(256));
                }
                yield new Mutant(kind, b, "HDU " + hdu.index() + " card '" + card.keyword() + "' at byte "
                        + card.offset() + " overwritten with " + (ascii ? "printable" : "binary") + " garbage");
            }
            case ABSURD_KEYWORD -> absurdKeyword(original, hdu, kind, r);
        };
    }

    private static Mutant absurdKeyword(byte[] original, Hdu hdu, FitsMutation kind, Random r) {
        List<Hdu.Card> candidates = hdu.cards().stream().filter(c -> Stream.of(STRUCTURAL).anyMatch(
                k -> c.keyword().equals(k) || (k.startsWith("T") && c.keyword().matches(k + "\\d+")))).toList();
        Hdu.Card card = candidates.get(r.nextInt(candidates.size()));
        String key = card.keyword();
        String[] values = key.equals("XTENSION") ? ABSURD_XTENSIONS
                : key.startsWith("TFORM") ? ABSURD_TFORMS : key.startsWith("TDIM") ? ABSURD_TDIMS : ABSURD_INTEGERS;
        String value = values[r.nextInt(values.length)];
        return new Mutant(kind, setCard(original, card, value), "HDU " + hdu.index() + ": " + key + " = " + value);
    }

    /** A copy with the card rewritten as KEYWORD = value. */
    private static byte[] setCard(byte[] original, Hdu.Card card, String value) {
        String text = String.format("%-8s= %20s / fuzzed", card.keyword(), value);
        byte[] b = original.clone();
        System.arraycopy(String.format("%-80s", text).getBytes(StandardCharsets.US_ASCII), 0, b, card.offset(), 80);
        return b;
    }

    // --- shared mutations ----------------------------------------------------------------------------------------

    private static Mutant truncate(byte[] original, int length, Enum<?> kind) {
        return new Mutant(kind, Arrays.copyOf(original, length),
                "truncated to " + length + " of " + original.length + " bytes");
    }

    /** Flips 1..8 random bits within bytes [from, to). */
    private static Mutant flipBits(byte[] original, int from, int to, Enum<?> kind, Random r) {
        byte[] b = original.clone();
        int n = 1 + r.nextInt(8);
        StringBuilder where = new StringBuilder();
        for (int k = 0; k < n; k++) {
            int at = from + r.nextInt(to - from);
            int bit = r.nextInt(8);
            b[at] ^= (byte) (1 << bit);
            where.append(where.length() == 0 ? "" : ", ").append(at).append('.').append(bit);
        }
        return new Mutant(kind, b, "flipped " + n + " bits (byte.bit) " + where);
    }

    private static String printable(byte b) {
        return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
    }

    // --- the harness ---------------------------------------------------------------------------------------------

    /**
     * A mutated input.
     *
     * @param mustBeRefused whether the mutation damaged checksummed data (bzip2: any bit before the stream's final
     *     padding), so that even a decode to the reference result would mean a checksum went unverified
     */
    record Mutant(Enum<?> kind, byte[] bytes, String description, boolean mustBeRefused) {
        Mutant(Enum<?> kind, byte[] bytes, String description) {
            this(kind, bytes, description, false);
        }
    }

    /** Runs cases under the hang timeout, classifies outcomes and collects violations with seed and case number. */
    private static final class Fuzz {
        private final String suite;
        private final List<String> violations = new ArrayList<>();
        private final Map<String, Integer> tally = new TreeMap<>();
        private int cases;

        Fuzz(String suite) {
            this.suite = suite;
        }

        Random random(int caseNo) {
            return new Random(SEED * 0x9E3779B97F4A7C15L + suite.hashCode() * 1_000_003L + caseNo);
        }

        <T> void check(int caseNo, Mutant m, Callable<T> decode, Function<T, String> judgeResult,
                Function<Throwable, String> judgeRefusal) {
            cases++;
            String kind = m.kind().name();
            Future<T> future = worker.submit(decode);
            String problem;
            String outcome;
            try {
                T result = future.get(HANG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                problem = m.mustBeRefused() ? "accepted damaged checksummed data: a checksum went unverified"
                        : judgeResult.apply(result);
                outcome = "read";
            } catch (TimeoutException e) {
                future.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
                violations.add(describe(caseNo, m, "did not finish within " + HANG_TIMEOUT.toSeconds() + " s (hang)"));
                throw new AssertionError(summary() + "\n" + String.join("\n", violations));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                problem = cause instanceof Error ? "must never throw an Error" : judgeRefusal.apply(cause);
                if (problem != null) {
                    problem += ", got " + trace(cause);
                }
                outcome = "refused";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (problem != null) {
                outcome = "VIOLATION";
                violations.add(describe(caseNo, m, problem));
            }
            tally.merge(kind + " " + outcome, 1, Integer::sum);
        }

        private String describe(int caseNo, Mutant m, String problem) {
            return String.format("seed %d, case %d [%s] %s: %s", SEED, caseNo, m.kind(), m.description(), problem);
        }

        private String summary() {
            return suite + " (seed " + SEED + "): " + cases + " cases " + tally;
        }

        void assertNoViolations() {
            System.out.println(summary());
            assertThat(violations).as("%s\nviolations", summary()).isEmpty();
        }

        private static String trace(Throwable t) {
            StringBuilder sb = new StringBuilder(t.toString());
            StackTraceElement[] st = t.getStackTrace();
            for (int i = 0; i < Math.min(4, st.length); i++) {
                sb.append(" at ").append(st[i]);
            }
            return sb.toString();
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }
}
