package org.hisscube.contracts.store;

import java.nio.charset.StandardCharsets;

/**
 * Object keys that cannot escape their bucket: relative, '/'-separated, no empty, '.' or '..' segments, no
 * backslashes, no control characters, at most 1024 UTF-8 bytes (the S3 limit).
 */
public final class ObjectKeys {
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /** Returns the key unchanged if it is safe, else throws {@link InvalidObjectKeyException} saying why. */
    public static String require(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidObjectKeyException(key, "empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidObjectKeyException(key, "longer than " + MAX_KEY_BYTES + " bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidObjectKeyException(key, "control character at index " + i);
            }
            if (c == '\\') {
                throw new InvalidObjectKeyException(key, "backslash at index " + i);
            }
        }
        if (key.startsWith("/")) {
            throw new InvalidObjectKeyException(key, "absolute path");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidObjectKeyException(key, "empty path segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidObjectKeyException(key, "'" + segment + "' path segment");
            }
        }
        return key;
    }

    /** Joins a prefix and a relative path, and checks the result. */
    public static String join(String prefix, String relative) {
        return require(prefix.endsWith("/") ? prefix + relative : prefix + "/" + relative);
    }
}
