package org.hisscube.fetcher.download;

/**
 * The one exception root of the fetcher: a file could not be fetched. Names the file and the URL; says whether
 * trying again could help ({@link #permanent()}) and gives a short cause code for metrics and dead letters.
 */
public class FetcherException extends RuntimeException implements org.hisscube.contracts.CauseCoded {
    private final String fileId;
    private final String cause;
    private final boolean permanent;
    private final String reason;

    public FetcherException(String fileId, String cause, boolean permanent, String message, Throwable error) {
        super(fileId + ": " + message, error);
        this.reason = message;
        this.fileId = fileId;
        this.cause = cause;
        this.permanent = permanent;
    }

    /** The message without the file id. */
    public String reason() {
        return reason;
    }

    public String fileId() {
        return fileId;
    }

    /** A short, low-cardinality cause: http_404, checksum_mismatch, not_fits, timeout, io, store, forbidden_url… */
    @Override
    public String causeCode() {
        return cause;
    }

    /** True when retrying cannot help (404, a file that is not FITS, a URL outside the configured base). */
    public boolean permanent() {
        return permanent;
    }
}
