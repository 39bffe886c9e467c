package org.hisscube.localstack;

/** The one exception root of the local stack: a server could not be started, reached or stopped. */
public class LocalStackException extends RuntimeException {
    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
