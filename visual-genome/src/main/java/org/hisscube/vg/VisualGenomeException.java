package org.hisscube.vg;

/** The root of this module's errors: a Visual Genome file that cannot be read, named with where and why. */
public class VisualGenomeException extends RuntimeException {
    public VisualGenomeException(String message) {
        super(message);
    }

    public VisualGenomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
