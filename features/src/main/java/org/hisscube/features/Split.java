package org.hisscube.features;

import java.util.Locale;

/**
 * Train / validation / test, a fixed function of the target id: 70 / 15 / 15 % by the SplitMix64 hash of the id
 * modulo 100. A target keeps its split for ever, whatever epochs it gains; nothing else enters the choice.
 */
public enum Split {
    TRAIN, VALIDATION, TEST;

    public static Split of(long targetId) {
        long z = targetId + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        int bucket = (int) Long.remainderUnsigned(z, 100);
        return bucket < 70 ? TRAIN : bucket < 85 ? VALIDATION : TEST;
    }

    /** {@code train}, {@code validation} or {@code test}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
