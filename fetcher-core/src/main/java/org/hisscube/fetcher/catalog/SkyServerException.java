package org.hisscube.fetcher.catalog;

import java.io.IOException;

/** SkyServer did not answer with a CSV table: an HTTP error status, a redirect, an HTML page, no table. */
public class SkyServerException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public SkyServerException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the answer (0 where there was none). */
    public int status() {
        return status;
    }
}
