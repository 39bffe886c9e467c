package org.hisscube.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A FITS header as its 80-character cards, taken from a real SDSS file and edited value by value: a card keeps its
 * place and its comment, only the value changes, so a simulated file carries every keyword of the real one in the
 * real order. Values are written in the FITS fixed format (numbers and logicals right-justified to column 30, strings
 * quoted from column 11).
 */
final class FitsHeader {
    static final int CARD = 80;
    static final int BLOCK = 2880;
    private final List<String> cards;

    private FitsHeader(List<String> cards) {
        this.cards = cards;
    }

    /** The header starting at {@code offset} of a FITS file; {@link #blocks()} says how many bytes it spans. */
    static FitsHeader parse(byte[] fits, int offset, String file) {
        List<String> cards = new ArrayList<>();
        for (int pos = offset; pos + CARD <= fits.length; pos += CARD) {
            String card = new String(fits, pos, CARD, StandardCharsets.US_ASCII);
            if (card.startsWith("END     ") || card.equals("END" + " ".repeat(77))) {
                return new FitsHeader(cards);
            }
            cards.add(card);
        }
        throw new SimulatorException(file + ": no END card after offset " + offset);
    }

    FitsHeader copy() {
        return new FitsHeader(new ArrayList<>(cards));
    }

    /** Bytes the header occupies in a file: its cards and END, padded to whole 2880-byte blocks. */
    int byteLength() {
        return ((cards.size() + 1) * CARD + BLOCK - 1) / BLOCK * BLOCK;
    }

    boolean has(String key) {
        return index(key) >= 0;
    }

    /** The raw value text of a card (strings without quotes, trimmed); null where the key is absent. */
    String value(String key) {
        int i = index(key);
        if (i < 0) {
            return null;
        }
        String v = valueAndComment(cards.get(i))[0].trim();
        if (v.startsWith("'")) {
            int end = v.lastIndexOf('\'');
            v = v.substring(1, Math.max(1, end)).replace("''", "'").trim();
        }
        return v;
    }

    int intValue(String key) {
        return Integer.parseInt(required(key));
    }

    double doubleValue(String key) {
        return Double.parseDouble(required(key).replace('D', 'E'));
    }

    private String required(String key) {
        String v = value(key);
        if (v == null) {
            throw new SimulatorException("template header has no " + key);
        }
        return v;
    }

    FitsHeader set(String key, long v) {
        return put(key, pad(Long.toString(v)));
    }

    FitsHeader set(String key, double v, int decimals) {
        return put(key, pad(String.format(Locale.ROOT, "%." + decimals + "f", v)));
    }

    /** A float64 value in exponent notation with 15 significant digits (WCS, times). */
    FitsHeader setExact(String key, double v) {
        return put(key, pad(String.format(Locale.ROOT, "%.15G", v)));
    }

    FitsHeader set(String key, boolean v) {
        return put(key, pad(v ? "T" : "F"));
    }

    FitsHeader set(String key, String v) {
        String quoted = "'" + String.format(Locale.ROOT, "%-8s", v.replace("'", "''")) + "'";
        return put(key, String.format(Locale.ROOT, "%-20s", quoted));
    }

    /** Adds (or replaces) a card with a comment, before END. */
    FitsHeader add(String key, String valueText, String comment) {
        String card = card(key, valueText, comment);
        int i = index(key);
        if (i >= 0) {
            cards.set(i, card);
        } else {
            cards.add(card);
        }
        return this;
    }

    /** Adds a COMMENT card (text cut to 72 characters). */
    FitsHeader comment(String text) {
        cards.add(String.format(Locale.ROOT, "%-80s", "COMMENT " + (text.length() > 72 ? text.substring(0, 72) : text)));
        return this;
    }

    static String number(long v) {
        return pad(Long.toString(v));
    }

    static String logical(boolean v) {
        return pad(v ? "T" : "F");
    }

    static String string(String v) {
        return String.format(Locale.ROOT, "%-20s", "'" + String.format(Locale.ROOT, "%-8s", v) + "'");
    }

    private FitsHeader put(String key, String valueText) {
        int i = index(key);
        if (i < 0) {
            throw new SimulatorException("template header has no " + key + " to set");
        }
        String comment = valueAndComment(cards.get(i))[1];
        cards.set(i, card(key, valueText, comment));
        return this;
    }

    private static String pad(String v) {
        return String.format(Locale.ROOT, "%20s", v);
    }

    private static String card(String key, String valueText, String comment) {
        String c = String.format(Locale.ROOT, "%-8s= %s", key, valueText);
        if (comment != null && !comment.isEmpty() && c.length() + 3 < CARD) {
            c = c + " /" + comment;
        }
        if (c.length() > CARD) {
            c = c.substring(0, CARD);
        }
        return String.format(Locale.ROOT, "%-80s", c);
    }

    /** {value text, comment text (after the slash, may be empty)} of a value card. */
    private static String[] valueAndComment(String card) {
        String rest = card.substring(10);
        boolean inString = false;
        for (int i = 0; i < rest.length(); i++) {
            char ch = rest.charAt(i);
            if (ch == '\'') {
                inString = !inString;
            } else if (ch == '/' && !inString) {
                return new String[] {rest.substring(0, i), rest.substring(i + 1).stripTrailing()};
            }
        }
        return new String[] {rest, ""};
    }

    private int index(String key) {
        String k = String.format(Locale.ROOT, "%-8s", key);
        for (int i = 0; i < cards.size(); i++) {
            String c = cards.get(i);
            if (c.startsWith(k) && c.startsWith("= ", 8)) {
                return i;
            }
        }
        return -1;
    }

    /** The header as file bytes: the cards, END, blank cards to the block boundary. */
    byte[] toBytes() {
        byte[] out = new byte[byteLength()];
        java.util.Arrays.fill(out, (byte) ' ');
        int pos = 0;
        for (String c : cards) {
            byte[] b = c.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, out, pos, CARD);
            pos += CARD;
        }
        byte[] end = "END".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(end, 0, out, pos, end.length);
        return out;
    }

    /** Bytes of the data unit that follows this header, without padding (BITPIX, NAXISn, PCOUNT, GCOUNT). */
    long dataBytes() {
        int naxis = intValue("NAXIS");
        if (naxis == 0) {
            return 0;
        }
        long n = Math.abs(intValue("BITPIX")) / 8;
        for (int i = 1; i <= naxis; i++) {
            n *= intValue("NAXIS" + i);
        }
        String pcount = value("PCOUNT");
        String gcount = value("GCOUNT");
        return (gcount == null ? 1 : Integer.parseInt(gcount)) * (n + (pcount == null ? 0 : Long.parseLong(pcount)));
    }

    static int padded(long bytes) {
        return (int) ((bytes + BLOCK - 1) / BLOCK * BLOCK);
    }
}
