package org.hisscube.science.fits;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nom.tam.fits.Header;

/**
 * The column layout of a FITS binary table (TFIELDS, TTYPEn, TFORMn, TDIMn) and decoding of fixed-width cells of
 * one row. Enough for the small, single-row tables of SDSS frames; variable-length (P/Q) columns are laid out but
 * cannot be decoded.
 */
final class BinTable {
    private static final Pattern TFORM = Pattern.compile("\\s*(\\d*)\\s*([LXBIJKAEDCMPQ]).*");
    private static final Pattern TDIM = Pattern.compile("\\s*\\(([\\d\\s,]+)\\)\\s*");

    /** One column: repeat count, type letter, byte offset in the row, width in bytes, TDIM (FITS order) or null. */
    record Column(String name, int repeat, char type, int offset, int width, int[] dims) {
    }

    private final int rowBytes;
    private final long rows;
    private final List<Column> columns;
    private final String file;
    private final int hdu;

    private BinTable(int rowBytes, long rows, List<Column> columns, String file, int hdu) {
        this.rowBytes = rowBytes;
        this.rows = rows;
        this.columns = columns;
        this.file = file;
        this.hdu = hdu;
    }

    /** Parses the layout of a BINTABLE header (NAXIS1/NAXIS2 already checked to be sane). */
    static BinTable parse(Header h, long rowBytes, long rows, String file, int hdu) {
        long fields = Keywords.integer(h, "TFIELDS", file, hdu);
        if (fields < 0 || fields > 999) {
            throw new InvalidSdssFileException(file, hdu, "TFIELDS out of range: " + fields);
        }
        List<Column> cols = new ArrayList<>();
        long offset = 0;
        for (int i = 1; i <= fields; i++) {
            String name = h.containsKey("TTYPE" + i) ? Keywords.string(h, "TTYPE" + i) : null;
            if (name == null) { // absent, or a card without a value
                name = "";
            }
            String form = Keywords.string(h, "TFORM" + i);
            if (form == null) {
                throw new InvalidSdssFileException(file, hdu, "column " + i + " has no TFORM" + i);
            }
            Matcher m = TFORM.matcher(form);
            if (!m.matches()) {
                throw new InvalidSdssFileException(file, hdu, "column " + i + " has an invalid TFORM '" + form + "'");
            }
            long repeat;
            try {
                repeat = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new InvalidSdssFileException(file, hdu, "column " + i + " has an invalid TFORM '" + form + "'");
            }
            char type = m.group(2).charAt(0);
            long width = switch (type) {
                case 'L', 'B', 'A' -> repeat;
                case 'X' -> (repeat + 7) / 8;
                case 'I' -> repeat * 2;
                case 'J', 'E' -> repeat * 4;
                case 'K', 'D', 'C', 'P' -> repeat * 8;
                case 'M', 'Q' -> repeat * 16;
                default -> throw new IllegalStateException("unreachable: " + type);
            };
            if (repeat > rowBytes || offset + width > rowBytes) {
                throw new InvalidSdssFileException(file, hdu, "columns are wider than the row (NAXIS1 = " + rowBytes
                        + ") at column " + i + " '" + name + "'");
            }
            int[] dims = null;
            String tdim = h.containsKey("TDIM" + i) ? Keywords.string(h, "TDIM" + i) : null;
            if (tdim != null && !tdim.isBlank()) {
                Matcher d = TDIM.matcher(tdim);
                if (!d.matches()) {
                    throw new InvalidSdssFileException(file, hdu, "column " + i + " has an invalid TDIM '" + tdim + "'");
                }
                String[] parts = d.group(1).split(",");
                dims = new int[parts.length];
                long product = 1;
                for (int k = 0; k < parts.length; k++) {
                    try {
                        dims[k] = Integer.parseInt(parts[k].trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidSdssFileException(file, hdu,
                                "column " + i + " has an invalid TDIM '" + tdim + "'");
                    }
                    product *= dims[k];
                    if (dims[k] < 1 || product > repeat) {
                        throw new InvalidSdssFileException(file, hdu,
                                "column " + i + " TDIM '" + tdim + "' does not fit its repeat count " + repeat);
                    }
                }
                if (product != repeat) {
                    throw new InvalidSdssFileException(file, hdu,
                            "column " + i + " TDIM '" + tdim + "' does not match its repeat count " + repeat);
                }
            }
            cols.add(new Column(name, (int) repeat, type, (int) offset, (int) width, dims));
            offset += width;
        }
        if (offset != rowBytes) {
            throw new InvalidSdssFileException(file, hdu,
                    "columns add up to " + offset + " bytes but NAXIS1 says " + rowBytes);
        }
        return new BinTable((int) rowBytes, rows, List.copyOf(cols), file, hdu);
    }

    int rowBytes() {
        return rowBytes;
    }

    long rows() {
        return rows;
    }

    /** The column with this TTYPE (case-insensitive, trimmed), or null. */
    Column column(String name) {
        for (Column c : columns) {
            if (c.name().trim().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** Like {@link #column(String)} but refuses when absent. */
    Column require(String name) {
        Column c = column(name);
        if (c == null) {
            throw new InvalidSdssFileException(file, hdu, "binary table has no " + name + " column");
        }
        return c;
    }

    /** All elements of an E or D cell as float32. */
    float[] floats(byte[] row, Column c) {
        ByteBuffer bb = ByteBuffer.wrap(row, c.offset(), c.width()).order(ByteOrder.BIG_ENDIAN);
        float[] out = new float[c.repeat()];
        switch (c.type()) {
            case 'E' -> bb.asFloatBuffer().get(out);
            case 'D' -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) bb.getDouble(c.offset() + 8 * i);
                }
            }
            default -> throw new InvalidSdssFileException(file, hdu,
                    "column " + c.name() + " has type " + c.type() + ", expected E or D (floating point)");
        }
        return out;
    }

    /** The first element of a numeric cell as a double (B, I, J, K, E, D). */
    double number(byte[] row, Column c) {
        if (c.repeat() < 1) {
            throw new InvalidSdssFileException(file, hdu, "column " + c.name() + " is empty");
        }
        ByteBuffer bb = ByteBuffer.wrap(row).order(ByteOrder.BIG_ENDIAN);
        int o = c.offset();
        return switch (c.type()) {
            case 'B' -> row[o] & 0xff;
            case 'I' -> bb.getShort(o);
            case 'J' -> bb.getInt(o);
            case 'K' -> bb.getLong(o);
            case 'E' -> bb.getFloat(o);
            case 'D' -> bb.getDouble(o);
            default -> throw new InvalidSdssFileException(file, hdu,
                    "column " + c.name() + " has type " + c.type() + ", expected a number");
        };
    }

    /** The first element of an integer cell (B, I, J, K). */
    long integer(byte[] row, Column c) {
        if ("BIJK".indexOf(c.type()) < 0) {
            throw new InvalidSdssFileException(file, hdu,
                    "column " + c.name() + " has type " + c.type() + ", expected an integer");
        }
        return (long) number(row, c);
    }

    /** A character cell (A), trailing blanks and NULs removed. */
    String string(byte[] row, Column c) {
        if (c.type() != 'A') {
            throw new InvalidSdssFileException(file, hdu,
                    "column " + c.name() + " has type " + c.type() + ", expected characters");
        }
        String s = new String(row, c.offset(), c.width(), StandardCharsets.US_ASCII);
        int nul = s.indexOf('\0');
        return (nul >= 0 ? s.substring(0, nul) : s).strip().toLowerCase(Locale.ROOT);
    }
}
