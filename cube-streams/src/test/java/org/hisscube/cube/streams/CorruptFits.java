package org.hisscube.cube.streams;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Test helper: real files made bad in one precise way. */
final class CorruptFits {
    private static final int BLOCK = 2880;

    private CorruptFits() {
    }

    /** The first {@code keep} bytes of a file. */
    static byte[] truncated(byte[] file, int keep) {
        return java.util.Arrays.copyOf(file, keep);
    }

    /** A spec-lite file whose every IVAR value (HDU 1 column "ivar", big-endian float32) is 0: no valid sample. */
    static byte[] zeroIvar(byte[] spec) {
        byte[] b = spec.clone();
        int primaryEnd = headerEnd(b, 0); // the primary HDU of spec-lite files has no data
        Map<String, String> h = cards(b, primaryEnd);
        int dataStart = headerEnd(b, primaryEnd);
        int rowBytes = Integer.parseInt(h.get("NAXIS1"));
        int rows = Integer.parseInt(h.get("NAXIS2"));
        int fields = Integer.parseInt(h.get("TFIELDS"));
        int offset = 0;
        int ivar = -1;
        for (int i = 1; i <= fields; i++) {
            String name = unquote(h.get("TTYPE" + i));
            String form = unquote(h.get("TFORM" + i));
            if (name.equalsIgnoreCase("ivar")) {
                ivar = offset;
            }
            int repeat = form.length() > 1 ? Integer.parseInt(form.substring(0, form.length() - 1)) : 1;
            int width = switch (form.charAt(form.length() - 1)) {
                case 'E', 'J' -> 4;
                case 'D', 'K' -> 8;
                case 'I' -> 2;
                case 'B', 'L', 'A' -> 1;
                default -> throw new IllegalArgumentException("TFORM " + form);
            };
            offset += repeat * width;
        }
        if (ivar < 0 || offset != rowBytes) {
            throw new IllegalArgumentException("no ivar column or odd row layout");
        }
        for (int r = 0; r < rows; r++) {
            int at = dataStart + r * rowBytes + ivar;
            b[at] = b[at + 1] = b[at + 2] = b[at + 3] = 0;
        }
        return b;
    }

    private static String unquote(String v) {
        return v.replace("'", "").trim();
    }

    private static int headerEnd(byte[] b, int start) {
        for (int at = start; at + 80 <= b.length; at += 80) {
            if (new String(b, at, 80, StandardCharsets.US_ASCII).startsWith("END     ")) {
                int used = at + 80 - start;
                return start + (used + BLOCK - 1) / BLOCK * BLOCK;
            }
        }
        throw new IllegalArgumentException("no END card");
    }

    private static Map<String, String> cards(byte[] b, int start) {
        Map<String, String> m = new HashMap<>();
        for (int at = start;; at += 80) {
            String card = new String(b, at, 80, StandardCharsets.US_ASCII);
            if (card.startsWith("END     ")) {
                return m;
            }
            if (card.length() > 10 && card.charAt(8) == '=') {
                String v = card.substring(10);
                int slash = v.indexOf(" /");
                if (slash >= 0 && !v.trim().startsWith("'")) {
                    v = v.substring(0, slash);
                } else if (v.trim().startsWith("'")) {
                    int close = v.indexOf('\'', v.indexOf('\'') + 1);
                    v = v.substring(0, close + 1);
                }
                m.put(card.substring(0, 8).trim(), v.trim());
            }
        }
    }
}
