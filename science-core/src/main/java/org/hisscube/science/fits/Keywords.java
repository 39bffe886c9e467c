package org.hisscube.science.fits;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;

/**
 * Strict header keyword access. nom-tam's {@code getLongValue} silently wraps integers that overflow a long and
 * returns 0 for malformed values; here a missing or malformed value is an {@link InvalidSdssFileException}.
 */
final class Keywords {
    private Keywords() {
    }

    private static String raw(Header h, String key) {
        HeaderCard c = h.getCard(key);
        if (c == null) {
            return null;
        }
        String v = c.getValue();
        return v == null ? null : v.trim();
    }

    /** An integer keyword; refused when missing or not an integer that fits a long. */
    static long integer(Header h, String key, String file, int hdu) {
        String v = raw(h, key);
        if (v == null || v.isEmpty()) {
            throw new InvalidSdssFileException(file, hdu, "keyword " + key + " is missing");
        }
        try {
            return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw new InvalidSdssFileException(file, hdu, "keyword " + key + " is not an integer: " + v);
        }
    }

    /** An integer keyword, or the default when absent. */
    static long integer(Header h, String key, long dflt, String file, int hdu) {
        return h.containsKey(key) ? integer(h, key, file, hdu) : dflt;
    }

    /** A real keyword (FITS 'D' exponents accepted); refused when missing, malformed or not finite. */
    static double real(Header h, String key, String file, int hdu) {
        String v = raw(h, key);
        if (v == null || v.isEmpty()) {
            throw new InvalidSdssFileException(file, hdu, "keyword " + key + " is missing");
        }
        try {
            double d = Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidSdssFileException(file, hdu, "keyword " + key + " is not a finite number: " + v);
        }
    }

    /** A real keyword, or the default when absent. */
    static double real(Header h, String key, double dflt, String file, int hdu) {
        return h.containsKey(key) ? real(h, key, file, hdu) : dflt;
    }

    /** A string keyword, trimmed, or null when absent. */
    static String string(Header h, String key) {
        String v = h.getStringValue(key);
        return v == null ? null : v.trim();
    }
}
