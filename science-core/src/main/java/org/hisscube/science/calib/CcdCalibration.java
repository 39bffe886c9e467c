package org.hisscube.science.calib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hisscube.science.ScienceException;

/**
 * SDSS CCD gain [electrons per count] and dark variance [counts²] by camera column, filter and run range, as the
 * SDSS frame data model tabulates them (resources {@code ccd_gain.tsv} and {@code ccd_dark_variance.tsv}).
 *
 * <p>Table format: tab-separated, header {@code camcol run u g r i z}, one row per camcol and run condition. A
 * condition is {@code >N} (runs after N) or {@code <N}. The data model phrases the run-dependent entries as
 * "X (Y for runs &gt; N)", so a {@code <N} row covers runs up to and <em>including</em> N; {@code >=N} and
 * {@code <=N} are also understood. The first matching row of the camcol wins.
 *
 * <p>Immutable and thread-safe.
 */
public final class CcdCalibration {
    private static final String RESOURCE_DIR = "/org/hisscube/science/calib/";
    private static final Pattern CONDITION = Pattern.compile("\\s*([<>]=?)\\s*(\\d+)\\s*");

    private record Row(int camcol, String op, long bound, double[] values) {
        boolean matches(long run) {
            return switch (op) {
                case ">" -> run > bound;
                case ">=" -> run >= bound;
                case "<", "<=" -> run <= bound; // "<N" = "not > N", see class comment
                default -> false;
            };
        }
    }

    private static final class Holder {
        static final CcdCalibration SDSS = load();

        private static CcdCalibration load() {
            try (Reader gain = resource("ccd_gain.tsv"); Reader dark = resource("ccd_dark_variance.tsv")) {
                return fromTsv(gain, dark);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Reader resource(String name) {
            InputStream in = CcdCalibration.class.getResourceAsStream(RESOURCE_DIR + name);
            if (in == null) {
                throw new ScienceException("resource " + RESOURCE_DIR + name + " missing from the classpath");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }
    }

    private final List<Row> gain;
    private final List<Row> darkVariance;

    private CcdCalibration(List<Row> gain, List<Row> darkVariance) {
        this.gain = gain;
        this.darkVariance = darkVariance;
    }

    /** The SDSS tables shipped with the science core (loaded once). */
    public static CcdCalibration sdss() {
        return Holder.SDSS;
    }

    /** Builds the tables from TSV text in the format described above. */
    public static CcdCalibration fromTsv(Reader gainTsv, Reader darkVarianceTsv) throws IOException {
        return new CcdCalibration(parse(gainTsv, "gain"), parse(darkVarianceTsv, "dark variance"));
    }

    /** Gain [e-/DN] of a camcol (1..6), filter (u g r i z) and run (&ge; 1). */
    public double gain(int camcol, String filter, int run) {
        return lookup(gain, "gain", camcol, filter, run);
    }

    /** Dark variance [DN²] (read noise and dark current) of a camcol (1..6), filter (u g r i z) and run (&ge; 1). */
    public double darkVariance(int camcol, String filter, int run) {
        return lookup(darkVariance, "dark variance", camcol, filter, run);
    }

    private static double lookup(List<Row> rows, String what, int camcol, String filter, int run) {
        int f = filterIndex(filter);
        if (camcol < 1 || camcol > 6) {
            throw new IllegalArgumentException("camcol must be 1..6: " + camcol);
        }
        if (run < 1) {
            throw new IllegalArgumentException("run must be >= 1: " + run);
        }
        for (Row r : rows) {
            if (r.camcol == camcol && r.matches(run)) {
                return r.values[f];
            }
        }
        throw new ScienceException("no " + what + " for camcol " + camcol + ", filter " + filter + ", run " + run);
    }

    private static int filterIndex(String filter) {
        int i = filter == null || filter.length() != 1 ? -1 : "ugriz".indexOf(filter.charAt(0));
        if (i < 0) {
            throw new IllegalArgumentException("filter must be one of u g r i z: " + filter);
        }
        return i;
    }

    private static List<Row> parse(Reader tsv, String what) throws IOException {
        BufferedReader in = new BufferedReader(tsv);
        String headerLine = in.readLine();
        if (headerLine == null) {
            throw new ScienceException(what + " table is empty");
        }
        String[] header = headerLine.strip().split("\t");
        if (header.length < 3 || !header[0].strip().equalsIgnoreCase("camcol")
                || !header[1].strip().equalsIgnoreCase("run")) {
            throw new ScienceException(what + " table header must start with camcol, run: " + headerLine);
        }
        int[] column = new int[5]; // filter index -> column
        Arrays.fill(column, -1);
        for (int c = 2; c < header.length; c++) {
            String name = header[c].strip().toLowerCase(Locale.ROOT);
            int f = name.length() == 1 ? "ugriz".indexOf(name.charAt(0)) : -1;
            if (f >= 0) {
                column[f] = c;
            }
        }
        for (int f = 0; f < 5; f++) {
            if (column[f] < 0) {
                throw new ScienceException(what + " table has no column for filter " + "ugriz".charAt(f));
            }
        }
        List<Row> rows = new ArrayList<>();
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.strip().split("\t");
            if (cells.length != header.length) {
                throw new ScienceException(what + " table line " + lineNo + " has " + cells.length + " cells, expected "
                        + header.length);
            }
            try {
                int camcol = Integer.parseInt(cells[0].strip());
                Matcher m = CONDITION.matcher(cells[1]);
                if (!m.matches()) {
                    throw new ScienceException(what + " table line " + lineNo + ": bad run condition '" + cells[1] + "'");
                }
                double[] values = new double[5];
                for (int f = 0; f < 5; f++) {
                    values[f] = Double.parseDouble(cells[column[f]].strip());
                    if (!(values[f] > 0) || !Double.isFinite(values[f])) {
                        throw new ScienceException(what + " table line " + lineNo + ": value not positive: "
                                + cells[column[f]]);
                    }
                }
                rows.add(new Row(camcol, m.group(1), Long.parseLong(m.group(2)), values));
            } catch (NumberFormatException e) {
                throw new ScienceException(what + " table line " + lineNo + " is not numeric: " + line, e);
            }
        }
        for (int camcol = 1; camcol <= 6; camcol++) {
            final int c = camcol;
            if (rows.stream().noneMatch(r -> r.camcol == c)) {
                throw new ScienceException(what + " table has no row for camcol " + camcol);
            }
        }
        return List.copyOf(rows);
    }
}
