package org.hisscube.science.spectrum;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: finds headers, cards and binary-table columns in the raw bytes of a FITS file, to craft bad files. */
final class FitsBytes {
    static final int BLOCK = 2880;

    /** One HDU: where its header starts, where each card is, where its data starts. */
    record Hdu(int headerOffset, Map<String, Integer> cardOffsets, Map<String, String> values, int dataOffset) {
        int intValue(String key) {
            return Integer.parseInt(values.get(key).trim());
        }

        /** Byte offset of a column inside a row, from the TFORMn cards. */
        int columnOffset(String ttype) {
            int fields = intValue("TFIELDS");
            int off = 0;
            for (int i = 1; i <= fields; i++) {
                String name = values.get("TTYPE" + i).replace("'", "").trim();
                if (name.equalsIgnoreCase(ttype)) {
                    return off;
                }
                off += width(values.get("TFORM" + i).replace("'", "").trim());
            }
            throw new IllegalArgumentException("no column " + ttype);
        }

        int columnIndex(String ttype) {
            int fields = intValue("TFIELDS");
            for (int i = 1; i <= fields; i++) {
                if (values.get("TTYPE" + i).replace("'", "").trim().equalsIgnoreCase(ttype)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + ttype);
        }
    }

    private FitsBytes() {
    }

    static int width(String tform) {
        int k = 0;
        while (k < tform.length() && Character.isDigit(tform.charAt(k))) {
            k++;
        }
        int repeat = k == 0 ? 1 : Integer.parseInt(tform.substring(0, k));
        int size = switch (tform.charAt(k)) {
            case 'L', 'B', 'A' -> 1;
            case 'I' -> 2;
            case 'J', 'E' -> 4;
            case 'K', 'D' -> 8;
            default -> throw new IllegalArgumentException(tform);
        };
        return repeat * size;
    }

    static List<Hdu> hdus(byte[] b) {
        List<Hdu> out = new ArrayList<>();
        int pos = 0;
        while (pos + BLOCK <= b.length) {
            Map<String, Integer> offsets = new LinkedHashMap<>();
            Map<String, String> values = new LinkedHashMap<>();
            int p = pos;
            while (true) {
                String card = new String(b, p, 80, StandardCharsets.US_ASCII);
                String key = card.substring(0, 8).trim();
                if (key.equals("END")) {
                    p += 80;
                    break;
                }
                if (card.startsWith("= ", 8)) {
                    String v = card.substring(10);
                    String val;
                    if (v.trim().startsWith("'")) {
                        int s = v.indexOf('\'');
                        int e = v.indexOf('\'', s + 1);
                        val = v.substring(s, e + 1);
                    } else {
                        int slash = v.indexOf('/');
                        val = slash >= 0 ? v.substring(0, slash) : v;
                    }
                    offsets.putIfAbsent(key, p);
                    values.putIfAbsent(key, val.trim());
                }
                p += 80;
            }
            int data = ceil(p);
            Hdu h = new Hdu(pos, offsets, values, data);
            out.add(h);
            long size = 0;
            if (h.intValue("NAXIS") > 0) {
                size = (long) Math.abs(h.intValue("BITPIX")) / 8;
                for (int i = 1; i <= h.intValue("NAXIS"); i++) {
                    size *= h.intValue("NAXIS" + i);
                }
                size += values.containsKey("PCOUNT") ? h.intValue("PCOUNT") : 0;
            }
            pos = data + ceil((int) size);
        }
        return out;
    }

    /** Overwrites a card's value field (columns 11..80) with {@code value}, padded with blanks. */
    static void setCard(byte[] b, Hdu hdu, String key, String value) {
        int off = hdu.cardOffsets().get(key);
        String field = String.format("%-70s", value);
        byte[] f = field.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(f, 0, b, off + 10, 70);
    }

    /** Renames a card's keyword (columns 1..8). */
    static void renameCard(byte[] b, Hdu hdu, String key, String newKey) {
        int off = hdu.cardOffsets().get(key);
        byte[] k = String.format("%-8s", newKey).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(k, 0, b, off, 8);
    }

    private static int ceil(int n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }
}
