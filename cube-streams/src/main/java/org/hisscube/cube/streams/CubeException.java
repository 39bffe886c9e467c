package org.hisscube.cube.streams;

/** The one unchecked exception root of the cube-service. */
public class CubeException extends RuntimeException {
    public CubeException(String message) {
        super(message);
    }

    public CubeException(String message, Throwable cause) {
        super(message, cause);
    }
}
