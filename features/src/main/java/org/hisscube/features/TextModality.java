package org.hisscube.features;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text modality: a description becomes a fixed-length vector with nothing to download and nothing to fit —
 * hashed word unigrams and bigrams (the hashing trick: MurmurHash3 of the n-gram picks one of {@code dimensions}
 * buckets and a sign), sublinear term frequency (1 + ln tf) and unit length. Two texts with the same words give the
 * same vector on any machine; a word never seen before still lands somewhere. Stop words are kept (bigrams such as
 * "on the" carry little but cost nothing). Tokens: runs of letters and digits, lower case; {@code [mask]} (the label
 * masked out) is dropped.
 */
public final class TextModality {
    public static final String NAME = "text";
    public static final int DEFAULT_DIMENSIONS = 512;
    private static final Pattern TOKEN = Pattern.compile("\\[mask]|[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?",
            Pattern.CASE_INSENSITIVE);
    private static final HashFunction BUCKET = Hashing.murmur3_32_fixed(0x5eed);
    private static final HashFunction SIGN = Hashing.murmur3_32_fixed(0x51);
    private final int dimensions;

    public TextModality(int dimensions) {
        if (dimensions < 8 || dimensions > (1 << 20)) {
            throw new IllegalArgumentException("dimensions must be 8..2^20, not " + dimensions);
        }
        this.dimensions = dimensions;
    }

    public TextModality() {
        this(DEFAULT_DIMENSIONS);
    }

    public int dimensions() {
        return dimensions;
    }

    /** The tokens of a text, lower case, the mask dropped. */
    public static List<String> tokens(String text) {
        List<String> l = new ArrayList<>();
        Matcher m = TOKEN.matcher(text == null ? "" : text);
        while (m.find()) {
            String t = m.group().toLowerCase(Locale.ROOT);
            if (!t.equals("[mask]")) {
                l.add(t);
            }
        }
        return l;
    }

    /** The hashed, sublinear-tf, unit-length vector of a text (all zeros for a text without tokens). */
    public float[] embed(String text) {
        List<String> tokens = tokens(text);
        Map<String, Integer> tf = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            tf.merge(tokens.get(i), 1, Integer::sum);
            if (i > 0) {
                tf.merge(tokens.get(i - 1) + ' ' + tokens.get(i), 1, Integer::sum);
            }
        }
        float[] v = new float[dimensions];
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            int bucket = Math.floorMod(BUCKET.hashString(e.getKey(), StandardCharsets.UTF_8).asInt(), dimensions);
            float sign = (SIGN.hashString(e.getKey(), StandardCharsets.UTF_8).asInt() & 1) == 0 ? 1f : -1f;
            v[bucket] += sign * (float) (1 + Math.log(e.getValue()));
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float s = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= s;
            }
        }
        return v;
    }
}
