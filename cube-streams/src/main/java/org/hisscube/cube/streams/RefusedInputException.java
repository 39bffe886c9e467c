package org.hisscube.cube.streams;

import org.hisscube.contracts.CauseCoded;

/**
 * An input that is wrong for good (unreadable or invalid file, wrong checksum, missing object, spectrum without any
 * valid sample): it goes to the dead-letter topic with this message and the stream goes on. Outages (object store
 * unreachable) are not refusals: they are retried.
 */
public class RefusedInputException extends CubeException implements CauseCoded {
    private final String causeCode;

    public RefusedInputException(String causeCode, String message) {
        super(message);
        this.causeCode = causeCode;
    }

    public RefusedInputException(String causeCode, String message, Throwable cause) {
        super(message, cause);
        this.causeCode = causeCode;
    }

    @Override
    public String causeCode() {
        return causeCode;
    }
}
