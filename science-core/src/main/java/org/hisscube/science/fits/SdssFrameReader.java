package org.hisscube.science.fits;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import nom.tam.fits.Header;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.hisscube.science.ScienceException;
import org.hisscube.science.wcs.TanWcs;
import org.hisscube.sdss.InvalidSdssFileNameException;
import org.hisscube.sdss.SdssFileName;

/**
 * Reads SDSS imaging frames, {@code frame-[ugriz]-RRRRRR-C-FFFF.fits} plain, bzip2- or gzip-compressed (told apart
 * by their first bytes, not by the name), from a file or from a stream, strictly and sequentially:
 *
 * <ul>
 *   <li>HDU 0: float32 image 2048 × 1489 [nanomaggies], TAN WCS, FILTER, RUN, CAMCOL, TAI (or DATE-OBS + TAIHMS);</li>
 *   <li>HDU 1: float32 calibration vector [2048], nanomaggies per count, all finite and positive;</li>
 *   <li>HDU 2: binary table with ALLSKY (TDIM (cols, rows), usually (256, 192), sometimes fewer rows), XINTERP [2048]
 *       and YINTERP [1489], all finite;</li>
 *   <li>HDU 3 (optional): frame info; its FIELD column gives the field number (the primary header has no FIELD
 *       keyword, and its FRAME keyword is the frame sequence number of this filter, not the field), cross-checked
 *       with RUN, CAMCOL and FILTER of HDU 0. Without HDU 3 the field comes from the file name.</li>
 * </ul>
 *
 * <p>Where the file name is a frame name ({@link SdssFileName}), filter, run, camcol and field must agree with the
 * contents; a name that starts like one ({@code frame-}, {@code spec-}) but is not a valid frame name is refused before
 * anything is read; any other name (a scratch file, an object key) is not cross-checked.
 *
 * <p>bzip2 is decoded by {@link ParallelBzip2} (its blocks on every core, each by {@link Bzip2InputStream}: faster than
 * commons-compress, same bytes), gzip by commons-compress.
 *
 * <p>Defences: compressed input is decompressed on the fly (never a temporary copy, never the whole file in memory)
 * and to its end, so that every checksum of the compressed format is verified;
 * the number of decompressed bytes read is capped ({@link #DEFAULT_MAX_INPUT_BYTES}); every data unit's declared
 * size is checked against {@link #MAX_HDU_DATA_BYTES} before anything is allocated; headers are limited to
 * {@link #MAX_HEADER_BLOCKS} blocks; the stream ending inside a header or data unit is reported as truncation.
 * Every refusal is an {@link InvalidSdssFileException} naming the file and, where it applies, the HDU; a failure of
 * the underlying source itself (disk, network) is a plain {@link ScienceException} with the I/O error as cause.
 *
 * <p>Thread-safe: holds only its limits.
 */
public final class SdssFrameReader {
    /** Default cap on the decompressed bytes read from one file (a real frame is 12,447,360 bytes). */
    public static final long DEFAULT_MAX_INPUT_BYTES = 64L << 20;
    /** Cap on the declared size of any one data unit, checked before allocation. */
    public static final long MAX_HDU_DATA_BYTES = 64L << 20;
    /** Cap on header length: 100 blocks = 3600 cards (SDSS frame headers have at most 3 blocks). */
    public static final int MAX_HEADER_BLOCKS = 100;
    /** SDSS frame width (columns). */
    public static final int WIDTH = 2048;
    /** SDSS frame height (rows). */
    public static final int HEIGHT = 1489;

    private static final int BUFFER = 64 * 1024;
    private static final double SECONDS_PER_DAY = 86_400.0;
    /** MJD of 1970-01-01. */
    private static final long MJD_OF_EPOCH_DAY_0 = 40_587;

    private final long maxInputBytes;

    /** A reader with the default decompressed-size cap. */
    public SdssFrameReader() {
        this(DEFAULT_MAX_INPUT_BYTES);
    }

    /** @param maxInputBytes cap on the decompressed bytes read from one file */
    public SdssFrameReader(long maxInputBytes) {
        if (maxInputBytes < FitsBlockStream.BLOCK) {
            throw new IllegalArgumentException("maxInputBytes must be at least one FITS block: " + maxInputBytes);
        }
        this.maxInputBytes = maxInputBytes;
    }

    public long maxInputBytes() {
        return maxInputBytes;
    }

    /** Reads a frame file; messages name it by its path. */
    public SdssFrame read(Path file) {
        String name = file.toString();
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (IOException e) {
            throw new ScienceException(name + ": cannot open: " + e, e);
        }
        try (raw) {
            return read(raw, name);
        } catch (IOException e) {
            throw new ScienceException(name + ": cannot close: " + e, e);
        }
    }

    /**
     * Reads a frame from a stream (e.g. an object-store download). The stream is read as far as needed (compressed
     * content to its end, to verify its checksums) and not closed.
     *
     * @param in the file's bytes, compressed or not
     * @param fileName the file name or object key, used in messages and for the cross-check with the contents
     */
    public SdssFrame read(InputStream in, String fileName) {
        String file = fileName == null || fileName.isBlank() ? "<unnamed>" : fileName;
        Progress progress = new Progress();
        try {
            return parse(in, file, progress);
        } catch (CappedInputStream.LimitExceeded e) {
            throw new InvalidSdssFileException(file, progress.hdu, "the " + progress.compression
                    + " content exceeds the limit of " + e.cap() + " bytes (decompression bomb?)", e);
        } catch (SourceGuardInputStream.SourceFailure e) {
            throw new ScienceException(file + ": I/O error reading the source: " + e.getMessage(), e.getCause());
        } catch (IOException e) {
            throw new InvalidSdssFileException(file, progress.hdu, "corrupt or truncated " + progress.compression
                    + " data: " + e.getMessage(), e);
        }
    }

    /** Where parsing is, for messages of exceptions raised by the streams. */
    private static final class Progress {
        int hdu = -1;
        String compression = "uncompressed";
    }

    private SdssFrame parse(InputStream source, String file, Progress progress) throws IOException {
        Optional<FrameId> named = namedFrame(file);
        BufferedInputStream guarded = new BufferedInputStream(new SourceGuardInputStream(source), BUFFER);
        InputStream decoded = decoder(guarded, progress);
        CappedInputStream capped = new CappedInputStream(decoded, maxInputBytes);
        FitsBlockStream fits = new FitsBlockStream(capped, file, MAX_HEADER_BLOCKS);

        // HDU 0: image, identity, time, WCS
        progress.hdu = 0;
        FitsBlockStream.RawHeader raw0 = fits.readHeader(0, true);
        if (raw0 == null) {
            throw new InvalidSdssFileException(file, 0, "empty file: no FITS header");
        }
        Header h0 = raw0.header();
        if (!h0.getBooleanValue("SIMPLE", false)) {
            throw new InvalidSdssFileException(file, 0, "not a standard FITS file (SIMPLE is not T)");
        }
        long bytes0 = requireImage(h0, file, 0, -32, WIDTH, HEIGHT, "image");
        String filter = Keywords.string(h0, "FILTER");
        if (filter == null) {
            throw new InvalidSdssFileException(file, 0, "keyword FILTER is missing");
        }
        filter = filter.toLowerCase(Locale.ROOT);
        if (filter.length() != 1 || FrameId.FILTERS.indexOf(filter.charAt(0)) < 0) {
            throw new InvalidSdssFileException(file, 0, "FILTER is not one of u g r i z: '" + filter + "'");
        }
        long run = Keywords.integer(h0, "RUN", file, 0);
        long camcol = Keywords.integer(h0, "CAMCOL", file, 0);
        if (run < 1 || run > 999_999) {
            throw new InvalidSdssFileException(file, 0, "RUN out of range: " + run);
        }
        if (camcol < 1 || camcol > 6) {
            throw new InvalidSdssFileException(file, 0, "CAMCOL out of range 1..6: " + camcol);
        }
        TanWcs wcs;
        try {
            wcs = TanWcs.fromHeader(h0);
        } catch (ScienceException e) {
            throw new InvalidSdssFileException(file, 0, "WCS: " + e.getMessage(), e);
        }
        double bscale = Keywords.real(h0, "BSCALE", 1.0, file, 0);
        double bzero = Keywords.real(h0, "BZERO", 0.0, file, 0);
        String rerun = Optional.ofNullable(Keywords.string(h0, "RERUN")).orElse("");

        float[] image = new float[WIDTH * HEIGHT];
        fits.readFloats(0, image, "the image data");
        if (bscale != 1.0 || bzero != 0.0) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (image[i] * bscale + bzero);
            }
        }
        fits.skipPadding(0, bytes0, false);

        // HDU 1: calibration vector
        progress.hdu = 1;
        FitsBlockStream.RawHeader raw1 = fits.readHeader(1, false);
        if (raw1 == null) {
            throw missingHdu(file, 1);
        }
        Header h1 = raw1.header();
        requireXtension(h1, "IMAGE", file, 1);
        long bytes1 = requireImage(h1, file, 1, -32, WIDTH, -1, "calibration vector");
        float[] calibration = new float[WIDTH];
        fits.readFloats(1, calibration, "the calibration vector");
        for (int x = 0; x < WIDTH; x++) {
            if (!(calibration[x] > 0) || !Float.isFinite(calibration[x])) {
                throw new InvalidSdssFileException(file, 1,
                        "calibration vector is not finite and positive at column " + x + ": " + calibration[x]);
            }
        }
        fits.skipPadding(1, bytes1, false);

        // HDU 2: sky table
        progress.hdu = 2;
        FitsBlockStream.RawHeader raw2 = fits.readHeader(2, false);
        if (raw2 == null) {
            throw missingHdu(file, 2);
        }
        Header h2 = raw2.header();
        requireXtension(h2, "BINTABLE", file, 2);
        BinTable t2 = requireTable(h2, file, 2);
        if (t2.rows() < 1) {
            throw new InvalidSdssFileException(file, 2, "sky table has no rows");
        }
        long bytes2 = tableDataBytes(h2, file, 2);
        byte[] row2 = new byte[t2.rowBytes()];
        fits.readBytes(2, row2, "the sky table");
        fits.skip(2, bytes2 - row2.length, "the sky table");
        SkyTable sky = sky(t2, row2, file);
        boolean more = fits.skipPadding(2, bytes2, true);

        // HDU 3 (optional): frame info
        progress.hdu = 3;
        FrameInfo info = null;
        FitsBlockStream.RawHeader raw3 = more ? fits.readHeader(3, false) : null;
        if (raw3 != null) {
            info = frameInfo(raw3.header(), fits, file);
        }

        // Compressed content is read to its end: bzip2 checks a block's CRC, and the stream's, only once the block
        // is decompressed completely, gzip its CRC-32 at the end of a member. Without this the last block (the tail
        // of the image, HDU 1..3) could be corrupt and go unnoticed.
        if (decoded != guarded) {
            progress.hdu = -1;
            capped.transferTo(OutputStream.nullOutputStream());
        }

        // identity: header, HDU 3, file name must agree
        if (named.isPresent()) {
            FrameId n = named.get();
            if (!n.filter().equals(filter) || n.run() != run || n.camcol() != camcol) {
                throw new InvalidSdssFileException(file, 0, "header says filter " + filter + ", run " + run
                        + ", camcol " + camcol + " but the file name says filter " + n.filter() + ", run " + n.run()
                        + ", camcol " + n.camcol());
            }
        }
        if (info != null) {
            if ((info.run != null && info.run != run) || (info.camcol != null && info.camcol != camcol)
                    || (info.filter != null && !info.filter.equals(filter))) {
                throw new InvalidSdssFileException(file, 3, "frame info (run " + info.run + ", camcol " + info.camcol
                        + ", filter " + info.filter + ") disagrees with the primary header (run " + run + ", camcol "
                        + camcol + ", filter " + filter + ")");
            }
        }
        int field;
        if (info != null && info.field != null) {
            if (info.field < 0 || info.field > Integer.MAX_VALUE) {
                throw new InvalidSdssFileException(file, 3, "frame info FIELD out of range: " + info.field);
            }
            field = info.field.intValue();
            if (named.isPresent() && named.get().field() != field) {
                throw new InvalidSdssFileException(file, 3, "frame info says field " + field
                        + " but the file name says field " + named.get().field());
            }
        } else if (named.isPresent()) {
            field = named.get().field();
        } else {
            throw new InvalidSdssFileException(file, 3, "field unknown: no frame-info FIELD column (HDU 3) and the "
                    + "file name does not follow frame-[ugriz]-RRRRRR-C-FFFF.fits");
        }
        FrameId id = new FrameId(filter, (int) run, (int) camcol, field);
        double tai = observationTime(h0, info, file);
        return SdssFrame.adopt(SdssFileNames.baseName(file), id, rerun, tai, WIDTH, HEIGHT, image, calibration,
                sky, wcs, raw0.cards());
    }

    /** The frame id the file name claims: empty for a name that is not an SDSS name; refused when malformed. */
    private static Optional<FrameId> namedFrame(String file) {
        Optional<SdssFileName> claimed;
        try {
            claimed = SdssFileName.claimed(file);
        } catch (InvalidSdssFileNameException e) {
            throw new InvalidSdssFileException(file, -1, "malformed SDSS file name: " + e.reason(), e);
        }
        if (claimed.isPresent() && !claimed.get().isFrame()) {
            throw new InvalidSdssFileException(file, -1, "the file name is that of a spectrum, not of an imaging "
                    + "frame");
        }
        return claimed.map(SdssFileNames::frameId);
    }

    private static InputStream decoder(BufferedInputStream in, Progress progress) throws IOException {
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            progress.compression = "bzip2";
            return ParallelBzip2.open(in); // its blocks on every core, each by Bzip2InputStream
        }
        if (b0 == 0x1f && b1 == 0x8b) {
            progress.compression = "gzip";
            return new BufferedInputStream(new GzipCompressorInputStream(in, true), BUFFER);
        }
        return in;
    }

    private static InvalidSdssFileException missingHdu(String file, int hdu) {
        return new InvalidSdssFileException(file, hdu, "missing: the file ends after HDU " + (hdu - 1)
                + "; an SDSS frame has an image, a calibration vector and a sky table (at least 3 HDUs)");
    }

    private static void requireXtension(Header h, String type, String file, int hdu) {
        String x = Keywords.string(h, "XTENSION");
        if (x == null || !x.equalsIgnoreCase(type)) {
            throw new InvalidSdssFileException(file, hdu, "XTENSION is '" + x + "', expected " + type);
        }
    }

    /** The NAXISn values, refused when NAXIS or any axis is out of range. */
    private static long[] axes(Header h, String file, int hdu) {
        long naxis = Keywords.integer(h, "NAXIS", file, hdu);
        if (naxis < 0 || naxis > 999) {
            throw new InvalidSdssFileException(file, hdu, "NAXIS out of range: " + naxis);
        }
        long[] axes = new long[(int) naxis];
        for (int i = 0; i < naxis; i++) {
            axes[i] = Keywords.integer(h, "NAXIS" + (i + 1), file, hdu);
            if (axes[i] < 0) {
                throw new InvalidSdssFileException(file, hdu, "NAXIS" + (i + 1) + " is negative: " + axes[i]);
            }
        }
        return axes;
    }

    /** The declared data size in bytes, refused when it overflows or exceeds {@link #MAX_HDU_DATA_BYTES}. */
    private static long dataBytes(Header h, long[] axes, long extra, String file, int hdu) {
        long bitpix = Keywords.integer(h, "BITPIX", file, hdu);
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
            throw new InvalidSdssFileException(file, hdu, "BITPIX is not a FITS value: " + bitpix);
        }
        long gcount = Keywords.integer(h, "GCOUNT", 1, file, hdu);
        if (gcount < 0) {
            throw new InvalidSdssFileException(file, hdu, "GCOUNT is negative: " + gcount);
        }
        StringBuilder shape = new StringBuilder();
        for (long a : axes) {
            shape.append(shape.length() == 0 ? "" : " x ").append(a);
        }
        try {
            long n = axes.length == 0 ? 0 : 1;
            for (long a : axes) {
                n = Math.multiplyExact(n, a);
            }
            long bytes = Math.multiplyExact(Math.multiplyExact(Math.addExact(n, extra), gcount), Math.abs(bitpix) / 8);
            if (bytes > MAX_HDU_DATA_BYTES) {
                throw new InvalidSdssFileException(file, hdu, "declared data size " + bytes + " bytes (NAXIS "
                        + shape + ") exceeds the limit of " + MAX_HDU_DATA_BYTES + " bytes");
            }
            return bytes;
        } catch (ArithmeticException e) {
            throw new InvalidSdssFileException(file, hdu,
                    "declared data size (NAXIS " + shape + ") overflows: absurd header", e);
        }
    }

    /**
     * Checks an image HDU: sane size, BITPIX, NAXIS and the shape (height -1 for a 1-D image).
     *
     * @return its data size in bytes
     */
    private static long requireImage(Header h, String file, int hdu, int bitpix, int width, int height, String what) {
        long[] axes = axes(h, file, hdu);
        long pcount = hdu == 0 ? 0 : Keywords.integer(h, "PCOUNT", 0, file, hdu);
        if (pcount != 0) {
            throw new InvalidSdssFileException(file, hdu, "PCOUNT of an image must be 0: " + pcount);
        }
        long bytes = dataBytes(h, axes, 0, file, hdu);
        long bp = Keywords.integer(h, "BITPIX", file, hdu);
        if (bp != bitpix) {
            throw new InvalidSdssFileException(file, hdu, what + " has BITPIX " + bp + ", expected " + bitpix);
        }
        if (Keywords.integer(h, "GCOUNT", 1, file, hdu) != 1) {
            throw new InvalidSdssFileException(file, hdu, what + " must have GCOUNT 1");
        }
        boolean ok = height < 0 ? axes.length == 1 && axes[0] == width
                : axes.length == 2 && axes[0] == width && axes[1] == height;
        if (!ok) {
            StringBuilder shape = new StringBuilder();
            for (long a : axes) {
                shape.append(shape.length() == 0 ? "" : " x ").append(a);
            }
            throw new InvalidSdssFileException(file, hdu, what + " has shape [" + shape + "] (NAXIS1 x NAXIS2 ...), "
                    + "expected " + (height < 0 ? "[" + width + "]" : "[" + width + " x " + height + "]"));
        }
        return bytes;
    }

    private static BinTable requireTable(Header h, String file, int hdu) {
        long[] axes = axes(h, file, hdu);
        if (Keywords.integer(h, "BITPIX", file, hdu) != 8 || axes.length != 2) {
            throw new InvalidSdssFileException(file, hdu, "a binary table needs BITPIX 8 and NAXIS 2");
        }
        if (axes[0] > MAX_HDU_DATA_BYTES) {
            throw new InvalidSdssFileException(file, hdu, "row length NAXIS1 = " + axes[0] + " bytes exceeds the limit of "
                    + MAX_HDU_DATA_BYTES + " bytes");
        }
        tableDataBytes(h, file, hdu);
        return BinTable.parse(h, axes[0], axes[1], file, hdu);
    }

    /** Main table plus heap, refused when absurd. */
    private static long tableDataBytes(Header h, String file, int hdu) {
        long pcount = Keywords.integer(h, "PCOUNT", 0, file, hdu);
        if (pcount < 0) {
            throw new InvalidSdssFileException(file, hdu, "PCOUNT is negative: " + pcount);
        }
        if (Keywords.integer(h, "GCOUNT", 1, file, hdu) != 1) {
            throw new InvalidSdssFileException(file, hdu, "a binary table must have GCOUNT 1");
        }
        return dataBytes(h, axes(h, file, hdu), pcount, file, hdu);
    }

    private static SkyTable sky(BinTable t, byte[] row, String file) {
        BinTable.Column allSky = t.require("ALLSKY");
        BinTable.Column xInterp = t.require("XINTERP");
        BinTable.Column yInterp = t.require("YINTERP");
        int[] dims = allSky.dims();
        if (dims == null || dims.length != 2) {
            throw new InvalidSdssFileException(file, 2, "ALLSKY needs a 2-D TDIM (columns, rows)");
        }
        int cols = dims[0];
        int rows = dims[1];
        if (xInterp.repeat() != WIDTH || yInterp.repeat() != HEIGHT) {
            throw new InvalidSdssFileException(file, 2, "XINTERP/YINTERP have " + xInterp.repeat() + "/"
                    + yInterp.repeat() + " values, expected " + WIDTH + "/" + HEIGHT);
        }
        float[] grid = t.floats(row, allSky);
        float[] xs = t.floats(row, xInterp);
        float[] ys = t.floats(row, yInterp);
        requireFinite(grid, "ALLSKY", file);
        requireFinite(xs, "XINTERP", file);
        requireFinite(ys, "YINTERP", file);
        return new SkyTable(rows, cols, grid, xs, ys);
    }

    private static void requireFinite(float[] a, String what, String file) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new InvalidSdssFileException(file, 2, what + " has a non-finite value at index " + i);
            }
        }
    }

    /** What HDU 3 says (each null when the column is absent). */
    private record FrameInfo(Long run, Long camcol, String filter, Long field, Double mjd) {
    }

    private static FrameInfo frameInfo(Header h, FitsBlockStream fits, String file) throws IOException {
        requireXtension(h, "BINTABLE", file, 3);
        BinTable t = requireTable(h, file, 3);
        if (t.rows() < 1) {
            return new FrameInfo(null, null, null, null, null);
        }
        byte[] row = new byte[t.rowBytes()];
        fits.readBytes(3, row, "the frame info table");
        BinTable.Column run = t.column("RUN");
        BinTable.Column camcol = t.column("CAMCOL");
        BinTable.Column filter = t.column("FILTER");
        BinTable.Column field = t.column("FIELD");
        BinTable.Column mjd = t.column("MJD");
        return new FrameInfo(run == null ? null : t.integer(row, run), camcol == null ? null : t.integer(row, camcol),
                filter == null ? null : t.string(row, filter), field == null ? null : t.integer(row, field),
                mjd == null ? null : t.number(row, mjd));
    }

    /**
     * TAI seconds since MJD 0: the TAI keyword (time of the frame's first row); else DATE-OBS + TAIHMS; else the MJD
     * column of the frame info (HDU 3).
     */
    private static double observationTime(Header h, FrameInfo info, String file) {
        double tai;
        if (h.containsKey("TAI")) {
            tai = Keywords.real(h, "TAI", file, 0);
        } else if (h.containsKey("DATE-OBS") && h.containsKey("TAIHMS")) {
            String date = Keywords.string(h, "DATE-OBS");
            String hms = Keywords.string(h, "TAIHMS");
            try {
                LocalDate d = LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date);
                LocalTime t = LocalTime.parse(hms);
                tai = (d.toEpochDay() + MJD_OF_EPOCH_DAY_0) * SECONDS_PER_DAY + t.toNanoOfDay() / 1e9;
            } catch (DateTimeParseException | NullPointerException e) {
                throw new InvalidSdssFileException(file, 0, "DATE-OBS/TAIHMS unreadable: " + date + " " + hms, e);
            }
        } else if (info != null && info.mjd != null) {
            tai = info.mjd * SECONDS_PER_DAY;
        } else {
            throw new InvalidSdssFileException(file, 0, "no observation time (TAI, DATE-OBS + TAIHMS, frame-info MJD)");
        }
        // SDSS ran 1998-2009 (MJD ~50800-55200); accept anything from 1990 to 2100
        double mjd = tai / SECONDS_PER_DAY;
        if (!(mjd > 47_892 && mjd < 88_069)) {
            throw new InvalidSdssFileException(file, 0, "observation time out of range: TAI " + tai + " s (MJD "
                    + mjd + ")");
        }
        return tai;
    }
}
