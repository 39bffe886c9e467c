package org.hisscube.features;

/** The root of the features module's exceptions. */
public class FeaturesException extends RuntimeException {
    public FeaturesException(String message) {
        super(message);
    }

    public FeaturesException(String message, Throwable cause) {
        super(message, cause);
    }
}
