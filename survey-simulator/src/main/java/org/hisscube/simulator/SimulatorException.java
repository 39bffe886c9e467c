package org.hisscube.simulator;

/** The one exception root of the survey simulator: what could not be simulated, and from which file or object. */
public class SimulatorException extends RuntimeException {
    public SimulatorException(String message) {
        super(message);
    }

    public SimulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
