package org.hisscube.learning;

/** The root of the learning module's exceptions: a model, data set or file that cannot be used, named. */
public class LearningException extends RuntimeException {
    public LearningException(String message) {
        super(message);
    }

    public LearningException(String message, Throwable cause) {
        super(message, cause);
    }
}
