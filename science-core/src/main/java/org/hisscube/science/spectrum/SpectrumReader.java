package org.hisscube.science.spectrum;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.hisscube.science.ScienceException;
import org.hisscube.science.fits.InvalidSdssFileException;
import org.hisscube.sdss.InvalidSdssFileNameException;
import org.hisscube.sdss.SdssFileName;

/**
 * Reads SDSS spec-lite files ({@code spec-PPPP-MMMMM-FFFF.fits}, plate 4 or 5 digits; full {@code spec} files
 * work too since their first three HDUs are the same) into {@link SdssSpectrum}.
 *
 * <ul>
 *   <li>HDU0: primary header — {@code TAI-BEG}/{@code TAI-END} (midpoint) or {@code TAI} (SDSS-I/II: first
 *       exposure) for the time, {@code COEFF0}/{@code COEFF1} for the log-linear wavelength solution.</li>
 *   <li>HDU1 {@code COADD}: columns flux, loglam, ivar, and_mask, or_mask (float32 or float64, integer masks of any
 *       width; names matched case-insensitively).</li>
 *   <li>HDU2 {@code SPECOBJ} (SDSS-I/II, SEGUE) or {@code SPALL} (BOSS/eBOSS), first row: CLASS, SUBCLASS, Z,
 *       ZWARNING, PLUG_RA, PLUG_DEC, PLATE, MJD, FIBERID, RUN2D (string or integer). Strings are trimmed. The
 *       {@code TAI} column of SPALL is the <i>imaging</i> time of the photometric object and is not used.</li>
 * </ul>
 *
 * <p>Refuses, with {@link InvalidSdssFileException} naming the file and the HDU: input that is not FITS, a missing or
 * truncated HDU0..HDU2, a non-binary-table HDU1/HDU2, an unexpected EXTNAME, missing or non-scalar columns,
 * columns of different lengths, fewer than 2 or more than {@link #MAX_ROWS} pixels, loglam that is not finite and
 * strictly increasing within [{@link #LOGLAM_MIN}, {@link #LOGLAM_MAX}], a spectrum whose ivar are all 0 (no data),
 * an HDU2 without exactly one row, non-finite or out-of-range PLUG_RA/PLUG_DEC, an unrecognised RUN2D (see
 * {@link Spectrograph}), a spectrum file name ({@link SdssFileName}, {@code spec-P-M-F.fits}) that disagrees with
 * HDU2's PLATE/MJD/FIBERID, and — before reading anything — a name that starts like an SDSS name ({@code spec-},
 * {@code frame-}) but is not a valid spectrum name; other names (e.g. {@code blue_star.fits}) are not cross-checked.
 * Input larger than {@link #MAX_FILE_BYTES} is refused before it is parsed. I/O failures (file
 * not found, stream error) are a plain {@link ScienceException}.
 *
 * <p>The whole file is held in memory (spec-lite files are ~200 kB). Before handing bytes to nom-tam-fits, the
 * reader walks the header blocks of HDU0..HDU2 itself so that absurd NAXIS values, table column layouts that do not
 * fit their rows (TFORMn, TDIMn; variable-length columns) and truncated data are caught with a clear message instead
 * of a huge allocation or a silently zero-padded table.
 *
 * <p>Stateless and thread-safe.
 */
public final class SpectrumReader {
    /** Largest number of pixels (HDU1 rows) accepted; SDSS has ~3850, BOSS ~4650. */
    public static final int MAX_ROWS = 100_000;
    /** Largest input accepted, in bytes. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Plausible loglam range (1000 Å .. 31623 Å). */
    public static final double LOGLAM_MIN = 3.0;
    public static final double LOGLAM_MAX = 4.5;
    /**
     * loglam is snapped to {@code COEFF0 + k·COEFF1} only when every stored value is within this fraction of a
     * pixel of an integer k (float32 storage gives ≤ 0.0025 pixel).
     */
    public static final double LOGLAM_SNAP_TOLERANCE_PIXELS = 0.01;

    private static final int BLOCK = 2880;
    private static final int CARD = 80;
    private static final Pattern TFORM = Pattern.compile("(\\d*)\\s*([LXBIJKAEDCMPQ]).*");
    private static final Pattern TDIM = Pattern.compile("\\(([\\d\\s,]+)\\)");

    public SpectrumReader() {
    }

    /** Reads a spectrum file from disk; the spectrum's {@link SdssSpectrum#fileName()} is the path's last element. */
    public SdssSpectrum read(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidSdssFileException(name, -1,
                        "file has " + size + " bytes, more than the " + MAX_FILE_BYTES + " accepted for a spectrum");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ScienceException("cannot read " + file + ": " + e, e);
        }
        return read(bytes, name);
    }

    /**
     * Reads a spectrum from a stream (not closed here) whose content came from {@code fileName} (used in messages,
     * as {@link SdssSpectrum#fileName()} and for the name/HDU2 cross-check; a path or object key is fine — only its
     * last segment counts).
     */
    public SdssSpectrum read(InputStream in, String fileName) {
        Objects.requireNonNull(in, "in");
        String name = baseName(fileName);
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new ScienceException("cannot read " + name + ": " + e, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidSdssFileException(name, -1,
                    "more than the " + MAX_FILE_BYTES + " bytes accepted for a spectrum");
        }
        return read(bytes, name);
    }

    /** Reads a spectrum from the complete bytes of a file called {@code fileName}. */
    public SdssSpectrum read(byte[] bytes, String fileName) {
        Objects.requireNonNull(bytes, "bytes");
        String file = baseName(fileName);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidSdssFileException(file, -1,
                    "more than the " + MAX_FILE_BYTES + " bytes accepted for a spectrum");
        }
        Optional<SdssFileName> named = namedSpectrum(file);
        prescan(bytes, file);

        Header primary;
        BinaryTableHDU coadd;
        BinaryTableHDU specObj;
        try (Fits fits = new Fits(new ByteArrayInputStream(bytes))) {
            primary = hdu(fits, 0, file).getHeader();
            coadd = table(hdu(fits, 1, file), 1, file);
            specObj = table(hdu(fits, 2, file), 2, file);
        } catch (InvalidSdssFileException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidSdssFileException(file, -1, "cannot parse FITS: " + e, e);
        }
        checkExtName(coadd, 1, file, "COADD");
        checkExtName(specObj, 2, file, "SPECOBJ", "SPALL");

        SdssSpectrum.Builder b = SdssSpectrum.builder().fileName(file);
        readCoadd(coadd, primary, file, b);
        readSpecObj(specObj, file, named, b);
        b.taiSeconds(tai(primary));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidSdssFileException(file, -1, e.getMessage(), e);
        }
    }

    /**
     * Plate, MJD and fiber encoded in a spectrum file name (its last path segment), or null when that is not a
     * spectrum name ({@link SdssFileName}).
     */
    public static int[] parseFileName(String fileName) {
        return SdssFileName.tryParse(baseName(fileName)).filter(SdssFileName::isSpectrum)
                .map(n -> new int[] {n.plate(), n.mjd(), n.fiber()}).orElse(null);
    }

    /** The spectrum name the file claims: empty for a name that is not an SDSS name; refused when malformed. */
    private static Optional<SdssFileName> namedSpectrum(String file) {
        Optional<SdssFileName> claimed;
        try {
            claimed = SdssFileName.claimed(file);
        } catch (InvalidSdssFileNameException e) {
            throw new InvalidSdssFileException(file, -1, "malformed SDSS file name: " + e.reason(), e);
        }
        if (claimed.isPresent() && !claimed.get().isSpectrum()) {
            throw new InvalidSdssFileException(file, -1, "the file name is that of an imaging frame, not of a "
                    + "spectrum");
        }
        return claimed;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void readCoadd(BinaryTableHDU t, Header primary, String file, SdssSpectrum.Builder b) {
        int rows = t.getNRows();
        if (rows < 2 || rows > MAX_ROWS) {
            throw new InvalidSdssFileException(file, 1,
                    "COADD has " + rows + " rows, expected 2.." + MAX_ROWS);
        }
        double[] flux = numericColumn(t, "flux", 1, file);
        double[] loglam = numericColumn(t, "loglam", 1, file);
        double[] ivar = numericColumn(t, "ivar", 1, file);
        int[] andMask = intColumn(t, "and_mask", 1, file);
        int[] orMask = intColumn(t, "or_mask", 1, file);
        int n = flux.length;
        if (loglam.length != n || ivar.length != n || andMask.length != n || orMask.length != n || n != rows) {
            throw new InvalidSdssFileException(file, 1, "column lengths differ: flux " + flux.length + ", loglam "
                    + loglam.length + ", ivar " + ivar.length + ", and_mask " + andMask.length + ", or_mask "
                    + orMask.length + " (table rows " + rows + ")");
        }
        for (int i = 0; i < n; i++) {
            double l = loglam[i];
            if (!Double.isFinite(l) || l < LOGLAM_MIN || l > LOGLAM_MAX) {
                throw new InvalidSdssFileException(file, 1, "loglam[" + i + "] = " + l + " is outside ["
                        + LOGLAM_MIN + ", " + LOGLAM_MAX + "]");
            }
            if (i > 0 && !(l > loglam[i - 1])) {
                throw new InvalidSdssFileException(file, 1, "loglam is not strictly increasing at row " + i);
            }
        }
        boolean anyData = false;
        for (double v : ivar) {
            if (Double.isFinite(v) && v > 0) {
                anyData = true;
                break;
            }
        }
        if (!anyData) {
            throw new InvalidSdssFileException(file, 1, "all ivar are 0: no data");
        }
        b.loglam(snapLoglam(loglam, headerDouble(primary, "COEFF0"), headerDouble(primary, "COEFF1")))
                .flux(flux).ivar(ivar).andMask(andMask).orMask(orMask);
    }

    /** loglam on the exact log-linear grid when the header solution explains every stored value; else as stored. */
    static double[] snapLoglam(double[] loglam, double coeff0, double coeff1) {
        if (!Double.isFinite(coeff0) || !Double.isFinite(coeff1) || !(coeff1 > 0)) {
            return loglam;
        }
        double[] out = new double[loglam.length];
        for (int i = 0; i < loglam.length; i++) {
            double k = (loglam[i] - coeff0) / coeff1;
            double r = Math.rint(k);
            if (Math.abs(k - r) > LOGLAM_SNAP_TOLERANCE_PIXELS) {
                return loglam;
            }
            out[i] = coeff0 + r * coeff1;
            if (i > 0 && !(out[i] > out[i - 1])) {
                return loglam;
            }
        }
        return out;
    }

    private static void readSpecObj(BinaryTableHDU t, String file, Optional<SdssFileName> named,
            SdssSpectrum.Builder b) {
        int rows = t.getNRows();
        if (rows != 1) {
            throw new InvalidSdssFileException(file, 2, "expected exactly 1 row, found " + rows);
        }
        String className = stringValue(t, "CLASS", file);
        String subClass = stringValue(t, "SUBCLASS", file);
        double z = numericColumn(t, "Z", 2, file)[0];
        long zWarning = longValue(t, "ZWARNING", file);
        double ra = numericColumn(t, "PLUG_RA", 2, file)[0];
        double dec = numericColumn(t, "PLUG_DEC", 2, file)[0];
        long plate = longValue(t, "PLATE", file);
        long mjd = longValue(t, "MJD", file);
        long fiber = longValue(t, "FIBERID", file);
        String run2d = stringValue(t, "RUN2D", file);

        if (!Double.isFinite(ra) || ra < 0 || ra > 360 || !Double.isFinite(dec) || dec < -90 || dec > 90) {
            throw new InvalidSdssFileException(file, 2, "PLUG_RA/PLUG_DEC (" + ra + ", " + dec + ") out of range");
        }
        if (plate <= 0 || plate > 99_999 || mjd <= 0 || mjd > 999_999 || fiber <= 0 || fiber > 9_999
                || zWarning < Integer.MIN_VALUE || zWarning > 0xFFFF_FFFFL) {
            throw new InvalidSdssFileException(file, 2,
                    "absurd PLATE/MJD/FIBERID/ZWARNING " + plate + "/" + mjd + "/" + fiber + "/" + zWarning);
        }
        if (Spectrograph.fromRun2d(run2d).isEmpty()) {
            throw new InvalidSdssFileException(file, 2, "unrecognised RUN2D '" + run2d
                    + "' (expected an integer for SDSS-I/II/SEGUE or vN_N_N for BOSS/eBOSS)");
        }
        if (named.isPresent()) {
            SdssFileName n = named.get();
            if (n.plate() != plate || n.mjd() != mjd || n.fiber() != fiber) {
                throw new InvalidSdssFileException(file, 2, "file name says plate/mjd/fiber " + n.plate() + "/"
                        + n.mjd() + "/" + n.fiber() + " but the table says " + plate + "/" + mjd + "/" + fiber);
            }
        }
        b.className(className).subClass(subClass).z(z).zWarning((int) zWarning).plugRa(ra).plugDec(dec)
                .plate((int) plate).mjd((int) mjd).fiberId((int) fiber).run2d(run2d);
    }

    /** TAI seconds: midpoint of TAI-BEG/TAI-END, else TAI, else NaN. */
    private static double tai(Header h) {
        double beg = headerDouble(h, "TAI-BEG");
        double end = headerDouble(h, "TAI-END");
        if (beg > 0 && end >= beg) {
            return 0.5 * (beg + end);
        }
        double tai = headerDouble(h, "TAI");
        return tai > 0 ? tai : Double.NaN;
    }

    private static double headerDouble(Header h, String key) {
        if (h == null || !h.containsKey(key)) {
            return Double.NaN;
        }
        try {
            double v = h.getDoubleValue(key, Double.NaN);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    // --- columns -------------------------------------------------------------------------------------------------

    private static int columnIndex(BinaryTableHDU t, String name, int hdu, String file) {
        for (int i = 0; i < t.getNCols(); i++) {
            String c = t.getColumnName(i);
            if (c != null && c.trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new InvalidSdssFileException(file, hdu, "column " + name + " missing");
    }

    private static Object column(BinaryTableHDU t, String name, int hdu, String file) {
        int i = columnIndex(t, name, hdu, file);
        try {
            return t.getColumn(i);
        } catch (Exception e) {
            throw new InvalidSdssFileException(file, hdu, "cannot read column " + name + ": " + e, e);
        }
    }

    private static double[] numericColumn(BinaryTableHDU t, String name, int hdu, String file) {
        Object c = column(t, name, hdu, file);
        double[] out;
        if (c instanceof double[] d) {
            out = d.clone();
        } else if (c instanceof float[] f) {
            out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
        } else if (c instanceof int[] || c instanceof long[] || c instanceof short[] || c instanceof byte[]) {
            long[] l = toLongs(c);
            out = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
        } else {
            throw new InvalidSdssFileException(file, hdu, "column " + name + " is not a numeric scalar column ("
                    + (c == null ? "null" : c.getClass().getSimpleName()) + ")");
        }
        if (out.length == 0) {
            throw new InvalidSdssFileException(file, hdu, "column " + name + " is empty");
        }
        return out;
    }

    private static int[] intColumn(BinaryTableHDU t, String name, int hdu, String file) {
        Object c = column(t, name, hdu, file);
        long[] l = toLongs(c);
        if (l == null) {
            throw new InvalidSdssFileException(file, hdu, "column " + name + " is not an integer scalar column ("
                    + (c == null ? "null" : c.getClass().getSimpleName()) + ")");
        }
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i]; // mask bits: SDSS masks are 32-bit
        }
        return out;
    }

    private static long[] toLongs(Object c) {
        long[] out;
        if (c instanceof int[] a) {
            out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (c instanceof long[] a) {
            out = a.clone();
        } else if (c instanceof short[] a) {
            out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
        } else if (c instanceof byte[] a) {
            out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] & 0xFF; // FITS 'B' is unsigned
            }
        } else {
            return null;
        }
        return out;
    }

    private static long longValue(BinaryTableHDU t, String name, String file) {
        Object c = column(t, name, 2, file);
        long[] l = toLongs(c);
        if (l != null && l.length > 0) {
            return l[0];
        }
        double[] d = numericColumn(t, name, 2, file);
        double v = d[0];
        if (!Double.isFinite(v) || v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw new InvalidSdssFileException(file, 2, "column " + name + " = " + v + " is not an integer");
        }
        return (long) v;
    }

    /** A string column (trimmed), or an integer column formatted as decimal (RUN2D is an integer in some files). */
    private static String stringValue(BinaryTableHDU t, String name, String file) {
        Object c = column(t, name, 2, file);
        if (c instanceof String[] s) {
            if (s.length == 0) {
                throw new InvalidSdssFileException(file, 2, "column " + name + " is empty");
            }
            return s[0] == null ? "" : s[0].trim();
        }
        long[] l = toLongs(c);
        if (l != null && l.length > 0) {
            return Long.toString(l[0]);
        }
        throw new InvalidSdssFileException(file, 2, "column " + name + " is not a string ("
                + (c == null ? "null" : c.getClass().getSimpleName()) + ")");
    }

    // --- HDUs ------------------------------------------------------------------------------------------------------

    private static BasicHDU<?> hdu(Fits fits, int index, String file) throws Exception {
        BasicHDU<?> h;
        try {
            h = fits.getHDU(index);
        } catch (IndexOutOfBoundsException e) {
            h = null;
        }
        if (h == null) {
            throw new InvalidSdssFileException(file, index, "HDU missing");
        }
        return h;
    }

    private static BinaryTableHDU table(BasicHDU<?> h, int index, String file) {
        if (!(h instanceof BinaryTableHDU t)) {
            throw new InvalidSdssFileException(file, index,
                    "expected a binary table, found " + h.getClass().getSimpleName());
        }
        return t;
    }

    private static void checkExtName(BinaryTableHDU t, int hdu, String file, String... allowed) {
        String ext = t.getHeader().getStringValue("EXTNAME");
        if (ext == null) {
            return;
        }
        String e = ext.trim().toUpperCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(e)) {
                return;
            }
        }
        throw new InvalidSdssFileException(file, hdu,
                "EXTNAME is '" + ext.trim() + "', expected " + String.join(" or ", allowed));
    }

    /**
     * Walks the headers of HDU0..HDU2 without nom-tam-fits: checks the FITS signature, that each HDU's header ends
     * and its data lies entirely inside the input, and that the tables' NAXIS2 are not absurd.
     */
    private static void prescan(byte[] bytes, String file) {
        if (bytes.length < BLOCK || !startsWith(bytes, 0, "SIMPLE  =")) {
            throw new InvalidSdssFileException(file, -1, "not a FITS file"
                    + (bytes.length < BLOCK ? " (" + bytes.length + " bytes, shorter than one FITS block)"
                            : " (no SIMPLE card)"));
        }
        long pos = 0;
        for (int hdu = 0; hdu <= 2; hdu++) {
            if (pos >= bytes.length) {
                throw new InvalidSdssFileException(file, hdu,
                        "HDU missing (file ends after " + bytes.length + " bytes)");
            }
            Map<String, String> cards = new HashMap<>();
            long p = pos;
            boolean ended = false;
            while (!ended) {
                if (p + CARD > bytes.length) {
                    throw new InvalidSdssFileException(file, hdu, "truncated header (no END card before byte "
                            + bytes.length + ")");
                }
                String card = new String(bytes, (int) p, CARD, StandardCharsets.US_ASCII);
                p += CARD;
                String key = card.substring(0, 8).trim();
                if (key.equals("END")) {
                    ended = true;
                } else if (card.startsWith("= ", 8)) {
                    cards.putIfAbsent(key, cardValue(card.substring(10)));
                }
            }
            long headerEnd = pos + ceilBlocks(p - pos);
            if (hdu > 0) {
                String xt = cards.getOrDefault("XTENSION", "");
                if (!xt.equals("BINTABLE")) {
                    throw new InvalidSdssFileException(file, hdu, "expected a binary table extension, found "
                            + (xt.isEmpty() ? "no XTENSION card" : "XTENSION = " + xt.trim()));
                }
            }
            long dataBytes = dataBytes(cards, hdu, file);
            if (hdu > 0) {
                long rows = intCard(cards, "NAXIS2", hdu, file);
                if (rows > MAX_ROWS) {
                    throw new InvalidSdssFileException(file, hdu,
                            "NAXIS2 = " + rows + " rows is absurd (more than " + MAX_ROWS + ")");
                }
                checkColumns(cards, hdu, file);
            }
            if (headerEnd + dataBytes > bytes.length) {
                throw new InvalidSdssFileException(file, hdu, "truncated: data needs " + dataBytes
                        + " bytes after byte " + headerEnd + " but the file has only " + bytes.length);
            }
            pos = headerEnd + ceilBlocks(dataBytes);
        }
    }

    /**
     * Checks a binary table's column layout against its row length before nom-tam-fits sizes its arrays by it: BITPIX 8
     * and NAXIS 2, each TFORMn a fixed-width type whose repeat count fits the row, the widths adding up to NAXIS1, and
     * each TDIMn no larger than its repeat count. nom-tam allocates rows × repeat elements per column as declared, so
     * an absurd repeat count or TDIM would otherwise be an OutOfMemoryError, not a refusal. Variable-length (P, Q)
     * columns, which no SDSS spectrum has in HDU1/HDU2, are refused: their element counts come from the data.
     */
    private static void checkColumns(Map<String, String> cards, int hdu, String file) {
        if (intCard(cards, "BITPIX", hdu, file) != 8 || intCard(cards, "NAXIS", hdu, file) != 2) {
            throw new InvalidSdssFileException(file, hdu, "a binary table needs BITPIX 8 and NAXIS 2");
        }
        long rowBytes = intCard(cards, "NAXIS1", hdu, file);
        long fields = intCard(cards, "TFIELDS", hdu, file);
        if (fields < 0 || fields > 999) {
            throw new InvalidSdssFileException(file, hdu, "TFIELDS = " + fields + " is out of range 0..999");
        }
        long offset = 0;
        for (int i = 1; i <= fields; i++) {
            String form = cards.get("TFORM" + i);
            Matcher m = TFORM.matcher(form == null ? "" : form);
            if (!m.matches()) {
                throw new InvalidSdssFileException(file, hdu, "column " + i + " has "
                        + (form == null ? "no TFORM" + i : "an invalid TFORM" + i + " '" + form + "'"));
            }
            long repeat;
            try {
                repeat = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new InvalidSdssFileException(file, hdu, "column " + i + " has an invalid TFORM" + i + " '"
                        + form + "'");
            }
            char type = m.group(2).charAt(0);
            if (type == 'P' || type == 'Q') {
                throw new InvalidSdssFileException(file, hdu, "column " + i + " is a variable-length array (TFORM"
                        + i + " '" + form + "'), which an SDSS spectrum does not have");
            }
            long width = switch (type) {
                case 'X' -> (repeat + 7) / 8;
                case 'I' -> repeat * 2;
                case 'J', 'E' -> repeat * 4;
                case 'K', 'D', 'C' -> repeat * 8;
                case 'M' -> repeat * 16;
                default -> repeat; // L, B, A
            };
            if (repeat > rowBytes || offset + width > rowBytes) {
                throw new InvalidSdssFileException(file, hdu, "columns are wider than the row (NAXIS1 = " + rowBytes
                        + ") at column " + i + " (TFORM" + i + " '" + form + "')");
            }
            offset += width;
            String tdim = cards.get("TDIM" + i);
            if (tdim != null && !tdim.isBlank()) {
                checkTdim(tdim, repeat, i, hdu, file);
            }
        }
        if (offset != rowBytes) {
            throw new InvalidSdssFileException(file, hdu, "columns add up to " + offset + " bytes but NAXIS1 says "
                    + rowBytes);
        }
    }

    /** A TDIMn must be (d1,d2,...) with positive dimensions whose product does not exceed the repeat count. */
    private static void checkTdim(String tdim, long repeat, int column, int hdu, String file) {
        Matcher d = TDIM.matcher(tdim.strip());
        boolean ok = d.matches();
        long product = 1;
        if (ok) {
            for (String part : d.group(1).split(",", -1)) {
                long dim;
                try {
                    dim = Long.parseLong(part.trim());
                } catch (NumberFormatException e) {
                    ok = false;
                    break;
                }
                if (dim < 1 || dim > repeat || product * dim > repeat) { // product <= repeat: no overflow
                    ok = false;
                    break;
                }
                product *= dim;
            }
        }
        if (!ok) {
            throw new InvalidSdssFileException(file, hdu, "column " + column + " has a TDIM" + column + " '" + tdim
                    + "' that is malformed or larger than its repeat count " + repeat);
        }
    }

    /** The value of a card's value field: a quoted string without its quotes, or the text before any comment. */
    private static String cardValue(String field) {
        String v = field.strip();
        if (v.startsWith("'")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\'') {
                    if (i + 1 < v.length() && v.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i++;
                    } else {
                        break;
                    }
                } else {
                    sb.append(c);
                }
            }
            return sb.toString().strip();
        }
        int slash = v.indexOf('/');
        return (slash >= 0 ? v.substring(0, slash) : v).strip();
    }

    private static long dataBytes(Map<String, String> cards, int hdu, String file) {
        long bitpix = intCard(cards, "BITPIX", hdu, file);
        long naxis = intCard(cards, "NAXIS", hdu, file);
        if (naxis < 0 || naxis > 999 || (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64
                && bitpix != -32 && bitpix != -64)) {
            throw new InvalidSdssFileException(file, hdu, "absurd BITPIX/NAXIS " + bitpix + "/" + naxis);
        }
        if (naxis == 0) {
            return 0;
        }
        try {
            long n = 1;
            for (int i = 1; i <= naxis; i++) {
                long ni = intCard(cards, "NAXIS" + i, hdu, file);
                if (ni < 0) {
                    throw new InvalidSdssFileException(file, hdu, "NAXIS" + i + " = " + ni + " is negative");
                }
                n = Math.multiplyExact(n, ni);
            }
            long pcount = cards.containsKey("PCOUNT") ? intCard(cards, "PCOUNT", hdu, file) : 0;
            long gcount = cards.containsKey("GCOUNT") ? intCard(cards, "GCOUNT", hdu, file) : 1;
            if (pcount < 0 || gcount < 0) {
                throw new InvalidSdssFileException(file, hdu, "negative PCOUNT/GCOUNT");
            }
            return Math.multiplyExact(Math.abs(bitpix) / 8,
                    Math.multiplyExact(gcount, Math.addExact(pcount, n)));
        } catch (ArithmeticException e) {
            throw new InvalidSdssFileException(file, hdu, "absurd data size (overflow)", e);
        }
    }

    private static long intCard(Map<String, String> cards, String key, int hdu, String file) {
        String v = cards.get(key);
        if (v == null) {
            throw new InvalidSdssFileException(file, hdu, "header card " + key + " missing");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSdssFileException(file, hdu, "header card " + key + " = '" + v + "' is not an integer");
        }
    }

    private static long ceilBlocks(long n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean startsWith(byte[] b, int off, String s) {
        if (b.length < off + s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String baseName(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        String n = fileName;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        return slash >= 0 && slash < n.length() - 1 ? n.substring(slash + 1) : n;
    }
}
