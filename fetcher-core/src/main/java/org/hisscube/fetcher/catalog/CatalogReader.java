package org.hisscube.fetcher.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads SkyServer-style CSV catalogs into {@link CatalogObject}s.
 *
 * <ul>
 *   <li>Lines beginning with {@code #} are comments. SkyServer's CSV answer begins with a {@code #Table1} line
 *       before the header; a later {@code #TableN} line starts a new table, whose first line is its header.</li>
 *   <li>Header names are case-insensitive and have aliases: objid/obj_ID, ra/alpha, dec/delta, run/run_ID,
 *       rerun/rerun_ID, camcol/cam_col, field/field_ID, specobjid/spec_obj_ID, class, specClass (numeric),
 *       redshift/z, plate, mjd, fiberid/fiber_ID/fiber, u g r i z (or psfMag_u ...). {@code z} is the z-band
 *       magnitude where the u, g, r and i magnitudes are columns too, else the redshift (if there is no
 *       {@code redshift} column). Unknown columns are ignored; of repeated names the first counts.</li>
 *   <li>{@code objid} is kept only if it is an exact integer; Excel-rounded ids such as {@code 1.23765E+18} give
 *       null. Files are identified by plate/mjd/fiberid and run/camcol/field, which are always exact.</li>
 *   <li>Magnitudes at or below {@value Magnitudes#NO_MEASUREMENT_AT_OR_BELOW} (SDSS's {@code -9999}) mean "no
 *       measurement" and become null; empty cells, {@code null} and {@code NaN} are null too.</li>
 *   <li>The class comes from the {@code class} column, or from a numeric {@code specClass} (SDSS DR7 codes: 1 STAR,
 *       2 GALAXY, 3 QSO, 4 HIZ_QSO → QSO, 5 SKY, 6 STAR_LATE → STAR, 7 GAL_EM → GALAXY, 0 unknown → null) — never
 *       from the file name.</li>
 *   <li>Quoted cells ({@code "a,b"}, {@code ""} for a quote, line breaks inside quotes), blank lines, a byte-order
 *       mark, CRLF line ends and a trailing empty cell are accepted.</li>
 *   <li>A row with a malformed number, an impossible identifier, an unknown class code or the wrong number of cells
 *       is reported as a {@link RowProblem} (source, line, reason) and skipped; reading goes on.</li>
 * </ul>
 *
 * Instances are stateless and thread-safe.
 */
public final class CatalogReader {
    /** A quoted cell may span at most this many lines before it counts as unterminated. */
    static final int MAX_LINES_PER_ROW = 1000;
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);

    enum Column {
        OBJID, RA, DEC, RUN, RERUN, CAMCOL, FIELD, SPECOBJID, CLASS, SPECCLASS, REDSHIFT, PLATE, MJD, FIBERID,
        U, G, R, I, Z
    }

    private static final Map<String, Column> ALIASES = Map.ofEntries(
            Map.entry("objid", Column.OBJID), Map.entry("obj_id", Column.OBJID),
            Map.entry("ra", Column.RA), Map.entry("alpha", Column.RA),
            Map.entry("dec", Column.DEC), Map.entry("delta", Column.DEC),
            Map.entry("run", Column.RUN), Map.entry("run_id", Column.RUN),
            Map.entry("rerun", Column.RERUN), Map.entry("rerun_id", Column.RERUN),
            Map.entry("camcol", Column.CAMCOL), Map.entry("cam_col", Column.CAMCOL),
            Map.entry("field", Column.FIELD), Map.entry("field_id", Column.FIELD),
            Map.entry("specobjid", Column.SPECOBJID), Map.entry("spec_obj_id", Column.SPECOBJID),
            Map.entry("class", Column.CLASS), Map.entry("specclass", Column.SPECCLASS),
            Map.entry("redshift", Column.REDSHIFT),
            Map.entry("plate", Column.PLATE), Map.entry("plate_id", Column.PLATE),
            Map.entry("mjd", Column.MJD),
            Map.entry("fiberid", Column.FIBERID), Map.entry("fiber_id", Column.FIBERID),
            Map.entry("fiber", Column.FIBERID),
            Map.entry("u", Column.U), Map.entry("g", Column.G), Map.entry("r", Column.R), Map.entry("i", Column.I),
            Map.entry("psfmag_u", Column.U), Map.entry("psfmag_g", Column.G), Map.entry("psfmag_r", Column.R),
            Map.entry("psfmag_i", Column.I), Map.entry("psfmag_z", Column.Z));

    /**
     * Reads one catalog file; the source name is the file name. Read as UTF-8; bytes that are not (a spreadsheet's
     * Windows-1252 in a text column) become U+FFFD instead of failing the file — numbers and ids are ASCII.
     */
    public CatalogReadResult read(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder),
                1 << 16)) {
            return read(in, file.getFileName().toString());
        }
    }

    /** Reads one catalog from a character stream (not closed here). */
    public CatalogReadResult read(Reader reader, String sourceName) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        return new Parse(sourceName).run(in);
    }

    /** Reads one catalog held in a string. */
    public CatalogReadResult read(String csv, String sourceName) {
        try {
            return read(new BufferedReader(new java.io.StringReader(csv)), sourceName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads several files in the given order. A file that is not a catalog, or cannot be read, gives an empty
     * result with one {@link SkipReason#NOT_A_CATALOG} problem; the others are read all the same.
     */
    public List<CatalogReadResult> readAll(Collection<Path> files) {
        List<CatalogReadResult> results = new ArrayList<>(files.size());
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                results.add(read(file));
            } catch (IOException | CatalogFormatException | UncheckedIOException e) {
                results.add(new CatalogReadResult(name, 0, List.of(),
                        List.of(new RowProblem(name, 0, SkipReason.NOT_A_CATALOG, String.valueOf(e.getMessage())))));
            }
        }
        return results;
    }

    /** Reads every {@code *.csv} file of a folder (not recursive), in file-name order. */
    public List<CatalogReadResult> readDirectory(Path folder) throws IOException {
        return readAll(csvFiles(folder));
    }

    /** The {@code *.csv} files of a folder, sorted by name. */
    public static List<Path> csvFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.{csv,CSV}")) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /**
     * Reads a work list of imaging fields, e.g. HiSS-Cube's {@code images_stripe.csv} ({@code run,camcol,field}).
     * Rows without all three are skipped as {@link SkipReason#INVALID_IDENTIFIER}; repeated fields count once.
     */
    public WorkList<FieldKey> readFieldList(Path file) throws IOException {
        CatalogReadResult result = read(file);
        requireColumns(result, file, "run, camcol and field", CatalogObject::hasFieldIds);
        Set<FieldKey> fields = new LinkedHashSet<>();
        List<RowProblem> skipped = new ArrayList<>(result.skipped());
        for (CatalogObject o : result.objects()) {
            if (o.hasFieldIds()) {
                fields.add(o.fieldKey());
            } else {
                skipped.add(new RowProblem(o.sourceFile(), o.line(), SkipReason.INVALID_IDENTIFIER,
                        "run, camcol or field is missing"));
            }
        }
        return new WorkList<>(result.sourceFile(), result.rowsRead(), new ArrayList<>(fields), skipped);
    }

    /**
     * Reads a work list of plates, e.g. HiSS-Cube's {@code spectra_stripe.csv} (one {@code plate} column). A plate
     * alone names no file: see {@link WorkListPlanner#planPlates} and {@link SkyServerQuery#spectraOfPlates}.
     */
    public WorkList<Integer> readPlateList(Path file) throws IOException {
        CatalogReadResult result = read(file);
        requireColumns(result, file, "plate", o -> o.plate() != null);
        Set<Integer> plates = new LinkedHashSet<>();
        List<RowProblem> skipped = new ArrayList<>(result.skipped());
        for (CatalogObject o : result.objects()) {
            if (o.plate() != null) {
                plates.add(o.plate());
            } else {
                skipped.add(new RowProblem(o.sourceFile(), o.line(), SkipReason.INVALID_IDENTIFIER, "plate is missing"));
            }
        }
        return new WorkList<>(result.sourceFile(), result.rowsRead(), new ArrayList<>(plates), skipped);
    }

    private static void requireColumns(CatalogReadResult result, Path file, String what,
            java.util.function.Predicate<CatalogObject> has) {
        if (!result.objects().isEmpty() && result.objects().stream().noneMatch(has)) {
            throw new CatalogFormatException(file.getFileName() + ": not a work list with " + what);
        }
    }

    // ------------------------------------------------------------------------------------------ parsing

    /** One pass over one source. */
    private static final class Parse {
        private final String source;
        private final List<CatalogObject> objects = new ArrayList<>();
        private final List<RowProblem> problems = new ArrayList<>();
        private final List<String> cells = new ArrayList<>(32);
        private int rowsRead;
        private Header header;
        private boolean sawHeader;

        Parse(String source) {
            this.source = source;
        }

        CatalogReadResult run(BufferedReader in) throws IOException {
            int lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                int first = firstNonBlank(line);
                if (first < 0) {
                    continue;
                }
                if (line.charAt(first) == '#') {
                    if (header != null && line.regionMatches(true, first, "#Table", 0, 6)) {
                        header = null; // a new table: its header follows
                    }
                    continue;
                }
                int rowLine = lineNo;
                boolean complete = split(line, cells);
                int extraLines = 0;
                while (!complete) {
                    String next = extraLines < MAX_LINES_PER_ROW ? in.readLine() : null;
                    if (next == null) {
                        break;
                    }
                    lineNo++;
                    extraLines++;
                    line = line + "\n" + next;
                    complete = split(line, cells);
                }
                if (!complete) {
                    if (header != null) {
                        rowsRead++;
                    }
                    problems.add(new RowProblem(source, rowLine, SkipReason.UNTERMINATED_QUOTE,
                            "a quoted cell is not closed within " + (extraLines + 1) + " line(s)"));
                    if (extraLines >= MAX_LINES_PER_ROW) {
                        continue;
                    }
                    break;
                }
                if (header == null) {
                    header = Header.of(cells, source, rowLine);
                    sawHeader = true;
                    continue;
                }
                if (allBlank(cells)) {
                    continue; // ",,,,": an empty spreadsheet row
                }
                rowsRead++;
                row(rowLine);
            }
            if (!sawHeader) {
                throw new CatalogFormatException(source + ": no header line (the input is empty or all comments)");
            }
            return new CatalogReadResult(source, rowsRead, objects, problems);
        }

        private void row(int line) {
            Header h = header;
            int n = cells.size();
            if (n < h.width) {
                skip(line, SkipReason.WRONG_FIELD_COUNT, n + " cells, the header has " + h.width);
                return;
            }
            for (int k = h.width; k < n; k++) {
                if (!cells.get(k).isBlank()) {
                    skip(line, SkipReason.WRONG_FIELD_COUNT, n + " cells, the header has " + h.width);
                    return;
                }
            }
            try {
                Integer run = integer(Column.RUN);
                Integer rerun = integer(Column.RERUN);
                Integer camcol = integer(Column.CAMCOL);
                Integer field = integer(Column.FIELD);
                Integer plate = integer(Column.PLATE);
                Integer mjd = integer(Column.MJD);
                Integer fiber = integer(Column.FIBERID);
                Double ra = decimal(Column.RA);
                Double dec = decimal(Column.DEC);
                Double redshift = decimal(Column.REDSHIFT);
                Magnitudes mags = h.hasMagnitudes
                        ? new Magnitudes(magnitude(Column.U), magnitude(Column.G), magnitude(Column.R),
                                magnitude(Column.I), magnitude(Column.Z))
                        : Magnitudes.NONE;
                String cls = objectClass();
                String bad = identifierProblem(run, rerun, camcol, field, plate, mjd, fiber);
                if (bad != null) {
                    skip(line, SkipReason.INVALID_IDENTIFIER, bad);
                    return;
                }
                objects.add(new CatalogObject(objId(), ra, dec, run, rerun, camcol, field, plate, mjd, fiber, cls,
                        redshift, mags, source, line));
            } catch (RowException e) {
                skip(line, e.reason, e.getMessage());
            }
        }

        private void skip(int line, SkipReason reason, String detail) {
            problems.add(new RowProblem(source, line, reason, detail));
        }

        private String cell(Column c) {
            int idx = header.index[c.ordinal()];
            return idx < 0 ? null : cells.get(idx);
        }

        private Long objId() {
            String s = cell(Column.OBJID);
            if (s == null) {
                return null;
            }
            s = s.strip();
            int len = s.length();
            if (len == 0 || len > 20) {
                return null;
            }
            int start = s.charAt(0) == '-' ? 1 : 0;
            if (start == len) {
                return null;
            }
            for (int k = start; k < len; k++) {
                char ch = s.charAt(k);
                if (ch < '0' || ch > '9') {
                    return null; // 1.23765E+18 and the like: rounded by a spreadsheet, not an identifier
                }
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null; // beyond a signed 64-bit integer
            }
        }

        private Integer integer(Column c) {
            String s = cell(c);
            if (s == null) {
                return null;
            }
            s = s.strip();
            if (isMissing(s)) {
                return null;
            }
            int len = s.length();
            boolean digits = len <= 9;
            for (int k = 0; k < len && digits; k++) {
                char ch = s.charAt(k);
                digits = (ch >= '0' && ch <= '9') || (k == 0 && ch == '-' && len > 1);
            }
            if (digits) {
                return Integer.parseInt(s);
            }
            checkNumberSyntax(c, s);
            BigDecimal v;
            try {
                v = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw malformed(c, s, "is not a number");
            }
            if (v.compareTo(INT_MAX) > 0 || v.compareTo(INT_MIN) < 0) {
                throw malformed(c, s, "is out of the integer range");
            }
            if (v.stripTrailingZeros().scale() > 0) {
                throw malformed(c, s, "is not an integer");
            }
            return v.intValue();
        }

        private Double decimal(Column c) {
            String s = cell(c);
            if (s == null) {
                return null;
            }
            s = s.strip();
            if (isMissing(s)) {
                return null;
            }
            checkNumberSyntax(c, s);
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw malformed(c, s, "is not a number");
            }
        }

        private Double magnitude(Column c) {
            Double v = decimal(c);
            return v == null || v <= Magnitudes.NO_MEASUREMENT_AT_OR_BELOW ? null : v;
        }

        private String objectClass() {
            String text = cell(Column.CLASS);
            if (text != null) {
                text = unquoteBlank(text);
                if (text != null) {
                    return text.toUpperCase(Locale.ROOT);
                }
            }
            String code = cell(Column.SPECCLASS);
            if (code == null) {
                return null;
            }
            code = unquoteBlank(code);
            if (code == null) {
                return null;
            }
            char c0 = code.charAt(0);
            if (!(c0 >= '0' && c0 <= '9') && c0 != '-' && c0 != '+') {
                return code.toUpperCase(Locale.ROOT); // a textual class in a specClass column
            }
            int value;
            try {
                value = Integer.parseInt(code);
            } catch (NumberFormatException e) {
                throw new RowException(SkipReason.UNKNOWN_CLASS_CODE, "column 'specClass': '" + code
                        + "' is not a class code");
            }
            return switch (value) {
                case 0 -> null; // UNKNOWN
                case 1, 6 -> "STAR"; // STAR, STAR_LATE
                case 2, 7 -> "GALAXY"; // GALAXY, GAL_EM
                case 3, 4 -> "QSO"; // QSO, HIZ_QSO
                case 5 -> "SKY";
                default -> throw new RowException(SkipReason.UNKNOWN_CLASS_CODE,
                        "column 'specClass': " + value + " is not an SDSS class code (0-7)");
            };
        }

        private static String unquoteBlank(String s) {
            s = s.strip();
            return s.isEmpty() || s.equalsIgnoreCase("null") ? null : s;
        }

        private static boolean isMissing(String s) {
            return s.isEmpty() || s.equalsIgnoreCase("null") || s.equalsIgnoreCase("nan");
        }

        /** Only what a decimal number is written with: Java would also accept "1d", "0x1p3" and "Infinity". */
        private static void checkNumberSyntax(Column c, String s) {
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                    throw malformed(c, s, "is not a number");
                }
            }
        }

        private static RowException malformed(Column c, String s, String what) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            return new RowException(SkipReason.MALFORMED_NUMBER,
                    "column '" + c.name().toLowerCase(Locale.ROOT) + "': '" + shown + "' " + what);
        }

        private static String identifierProblem(Integer run, Integer rerun, Integer camcol, Integer field,
                Integer plate, Integer mjd, Integer fiber) {
            if (run != null && (run < 0 || run > 999_999)) {
                return "run " + run + " is out of range (0-999999)";
            }
            if (rerun != null && rerun < 0) {
                return "rerun " + rerun + " is negative";
            }
            if (camcol != null && (camcol < 1 || camcol > 6)) {
                return "camcol " + camcol + " is not 1-6";
            }
            if (field != null && (field < 0 || field > 9999)) {
                return "field " + field + " is out of range (0-9999)";
            }
            if (plate != null && (plate < 1 || plate > 99_999)) {
                return "plate " + plate + " is out of range (1-99999)";
            }
            if (mjd != null && (mjd < 1 || mjd > 99_999)) {
                return "mjd " + mjd + " is out of range (1-99999)";
            }
            if (fiber != null && (fiber < 1 || fiber > 9999)) {
                return "fiberid " + fiber + " is out of range (1-9999)";
            }
            return null;
        }

        private static boolean allBlank(List<String> cells) {
            for (String c : cells) {
                if (!c.isBlank()) {
                    return false;
                }
            }
            return true;
        }

        private static int firstNonBlank(String line) {
            for (int k = 0; k < line.length(); k++) {
                if (!Character.isWhitespace(line.charAt(k))) {
                    return k;
                }
            }
            return -1;
        }
    }

    /** Column positions of one table. */
    private static final class Header {
        final int[] index = new int[Column.values().length];
        final int width;
        final boolean hasMagnitudes;

        private Header(int[] index, int width, boolean hasMagnitudes) {
            System.arraycopy(index, 0, this.index, 0, index.length);
            this.width = width;
            this.hasMagnitudes = hasMagnitudes;
        }

        static Header of(List<String> names, String source, int line) {
            int[] index = new int[Column.values().length];
            Arrays.fill(index, -1);
            int zIndex = -1;
            int known = 0;
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(k).strip().toLowerCase(Locale.ROOT);
                if (name.equals("z")) {
                    if (zIndex < 0) {
                        zIndex = k;
                        known++;
                    }
                    continue;
                }
                Column c = ALIASES.get(name);
                if (c != null && index[c.ordinal()] < 0) {
                    index[c.ordinal()] = k;
                    known++;
                }
            }
            if (known == 0) {
                String shown = String.join(",", names);
                throw new CatalogFormatException(source + ":" + line + ": not a catalog header (no known column): "
                        + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown));
            }
            if (zIndex >= 0) {
                boolean ugri = index[Column.U.ordinal()] >= 0 && index[Column.G.ordinal()] >= 0
                        && index[Column.R.ordinal()] >= 0 && index[Column.I.ordinal()] >= 0;
                if (ugri || index[Column.REDSHIFT.ordinal()] >= 0) {
                    if (index[Column.Z.ordinal()] < 0) {
                        index[Column.Z.ordinal()] = zIndex; // the z-band magnitude
                    }
                } else {
                    index[Column.REDSHIFT.ordinal()] = zIndex; // SpecObj's z: the redshift
                }
            }
            boolean mags = false;
            for (Column c : List.of(Column.U, Column.G, Column.R, Column.I, Column.Z)) {
                mags |= index[c.ordinal()] >= 0;
            }
            return new Header(index, names.size(), mags);
        }
    }

    /** A row-level problem, caught per row. */
    private static final class RowException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SkipReason reason;

        RowException(SkipReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /**
     * Splits one CSV record into {@code out}. Returns false if a quoted cell is still open at the end of the text
     * (the caller appends the next line and tries again).
     */
    static boolean split(String line, List<String> out) {
        out.clear();
        int len = line.length();
        if (line.indexOf('"') < 0) {
            int start = 0;
            for (int k = 0; k < len; k++) {
                if (line.charAt(k) == ',') {
                    out.add(line.substring(start, k));
                    start = k + 1;
                }
            }
            out.add(line.substring(start));
            return true;
        }
        StringBuilder cell = new StringBuilder();
        int k = 0;
        while (true) {
            cell.setLength(0);
            // leading blanks before an opening quote are dropped
            int p = k;
            while (p < len && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
                p++;
            }
            if (p < len && line.charAt(p) == '"') {
                p++;
                boolean closed = false;
                while (p < len) {
                    char ch = line.charAt(p);
                    if (ch == '"') {
                        if (p + 1 < len && line.charAt(p + 1) == '"') {
                            cell.append('"');
                            p += 2;
                            continue;
                        }
                        closed = true;
                        p++;
                        break;
                    }
                    cell.append(ch);
                    p++;
                }
                if (!closed) {
                    return false;
                }
                // anything between the closing quote and the separator is kept (lenient)
                while (p < len && line.charAt(p) != ',') {
                    cell.append(line.charAt(p));
                    p++;
                }
            } else {
                p = k;
                while (p < len && line.charAt(p) != ',') {
                    cell.append(line.charAt(p));
                    p++;
                }
            }
            out.add(cell.toString());
            if (p >= len) {
                return true;
            }
            k = p + 1; // past the comma
        }
    }
}
