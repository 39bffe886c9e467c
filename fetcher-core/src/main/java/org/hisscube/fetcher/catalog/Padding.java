package org.hisscube.fetcher.catalog;

/** Zero padding without {@code String.format} (which costs microseconds a call: too much for 10^5 files). */
final class Padding {
    private Padding() {
    }

    /** Appends a non-negative value, zero-padded to at least {@code width} digits (like {@code %0<width>d}). */
    static StringBuilder append(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int k = digits.length(); k < width; k++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
