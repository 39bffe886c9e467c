package org.hisscube.contracts;

/** The one unchecked exception root of the contracts module; subclasses carry their context. */
public class ContractsException extends RuntimeException {
    public ContractsException(String message) {
        super(message);
    }

    public ContractsException(String message, Throwable cause) {
        super(message, cause);
    }
}
