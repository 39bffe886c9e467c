package org.hisscube.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to the columns of a FITS binary table (TTYPEn/TFORMn of its header) over the table's bytes: read
 * and overwrite one cell of one row in place. Formats L, B, I, J, K, E, D and A with repeat counts.
 */
final class BinTableRow {
    private static final Pattern TFORM = Pattern.compile("(\\d*)([LBIJKEDA])");

    private record Column(int offset, int repeat, char type) {
    }

    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final int rowBytes;
    private final ByteBuffer data;

    BinTableRow(FitsHeader header, byte[] data) {
        int fields = header.intValue("TFIELDS");
        int offset = 0;
        for (int i = 1; i <= fields; i++) {
            Matcher m = TFORM.matcher(header.value("TFORM" + i).trim());
            if (!m.matches()) {
                throw new SimulatorException("unsupported TFORM" + i + " " + header.value("TFORM" + i));
            }
            int repeat = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
            char type = m.group(2).charAt(0);
            columns.put(header.value("TTYPE" + i).trim().toUpperCase(java.util.Locale.ROOT),
                    new Column(offset, repeat, type));
            offset += repeat * size(type);
        }
        this.rowBytes = header.intValue("NAXIS1");
        if (offset != rowBytes) {
            throw new SimulatorException("columns add up to " + offset + " bytes, NAXIS1 says " + rowBytes);
        }
        this.data = ByteBuffer.wrap(data);
    }

    private static int size(char type) {
        return switch (type) {
            case 'L', 'B', 'A' -> 1;
            case 'I' -> 2;
            case 'J', 'E' -> 4;
            default -> 8;
        };
    }

    boolean has(String name) {
        return columns.containsKey(name);
    }

    private int at(int row, String name, int index) {
        Column c = columns.get(name);
        if (c == null) {
            throw new SimulatorException("table has no column " + name);
        }
        if (index >= c.repeat && c.type != 'A') {
            throw new SimulatorException(name + " has " + c.repeat + " elements, not " + (index + 1));
        }
        return row * rowBytes + c.offset + (c.type == 'A' ? 0 : index * size(c.type));
    }

    /** Writes a number into element {@code index} of a numeric column, converted to the column's type. */
    void set(int row, String name, int index, double v) {
        int pos = at(row, name, index);
        switch (columns.get(name).type) {
            case 'B' -> data.put(pos, (byte) v);
            case 'I' -> data.putShort(pos, (short) v);
            case 'J' -> data.putInt(pos, (int) v);
            case 'K' -> data.putLong(pos, (long) v);
            case 'E' -> data.putFloat(pos, (float) v);
            case 'D' -> data.putDouble(pos, v);
            default -> throw new SimulatorException(name + " is not numeric");
        }
    }

    void set(int row, String name, double v) {
        set(row, name, 0, v);
    }

    void setLong(int row, String name, long v) {
        int pos = at(row, name, 0);
        if (columns.get(name).type != 'K') {
            throw new SimulatorException(name + " is not a 64-bit integer column");
        }
        data.putLong(pos, v);
    }

    /** Writes a string into a character column, cut to its width and padded with blanks. */
    void set(int row, String name, String v) {
        Column c = columns.get(name);
        if (c == null || c.type != 'A') {
            throw new SimulatorException(name + " is not a character column");
        }
        int pos = at(row, name, 0);
        byte[] b = v.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < c.repeat; i++) {
            data.put(pos + i, i < b.length ? b[i] : (byte) ' ');
        }
    }

    double number(int row, String name, int index) {
        int pos = at(row, name, index);
        return switch (columns.get(name).type) {
            case 'B' -> data.get(pos) & 0xff;
            case 'I' -> data.getShort(pos);
            case 'J' -> data.getInt(pos);
            case 'K' -> data.getLong(pos);
            case 'E' -> data.getFloat(pos);
            case 'D' -> data.getDouble(pos);
            default -> throw new SimulatorException(name + " is not numeric");
        };
    }

    /** Fills every element of a numeric column of a row with {@code v}. */
    void fill(int row, String name, double v) {
        Column c = columns.get(name);
        for (int i = 0; i < c.repeat; i++) {
            set(row, name, i, v);
        }
    }
}
