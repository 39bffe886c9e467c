package org.hisscube.fetcher.catalog;

/** Why a catalog row (or a whole source) was skipped. */
public enum SkipReason {
    /** A numeric column holds something that is not a number (or not an integer where one is required). */
    MALFORMED_NUMBER,
    /** An identifier is out of its domain (camcol outside 1-6, fiber 0, a negative run, ...). */
    INVALID_IDENTIFIER,
    /** A numeric {@code specClass} with no known meaning. */
    UNKNOWN_CLASS_CODE,
    /** The row has fewer cells than the header, or more non-empty ones. */
    WRONG_FIELD_COUNT,
    /** A quoted cell is never closed before the end of the input. */
    UNTERMINATED_QUOTE,
    /** The whole source is not a catalog (no header with a known column, unreadable file). Line 0. */
    NOT_A_CATALOG
}
