package org.hisscube.experiments;

/** The root of this module's failures: a bad experiment specification, or a run that cannot complete. */
public class ExperimentException extends RuntimeException {
    public ExperimentException(String message) {
        super(message);
    }

    public ExperimentException(String message, Throwable cause) {
        super(message, cause);
    }
}
