package org.hisscube.contracts.store;

import org.hisscube.contracts.ContractsException;

/** A proposed object key could escape its bucket or is otherwise unusable. */
public class InvalidObjectKeyException extends ContractsException {
    private final String key;

    public InvalidObjectKeyException(String key, String reason) {
        super("invalid object key '" + printable(key) + "': " + reason);
        this.key = key;
    }

    public String key() {
        return key;
    }

    private static String printable(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        key.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
