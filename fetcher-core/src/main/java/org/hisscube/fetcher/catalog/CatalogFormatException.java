package org.hisscube.fetcher.catalog;

/** The input is not a catalog at all (no header with a known column); row-level problems never throw this. */
public class CatalogFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogFormatException(String message) {
        super(message);
    }
}
