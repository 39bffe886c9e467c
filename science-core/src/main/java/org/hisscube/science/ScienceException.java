package org.hisscube.science;

/** The one unchecked exception root of the science core; subclasses carry their context (file, HDU). */
public class ScienceException extends RuntimeException {
    public ScienceException(String message) {
        super(message);
    }

    public ScienceException(String message, Throwable cause) {
        super(message, cause);
    }
}
