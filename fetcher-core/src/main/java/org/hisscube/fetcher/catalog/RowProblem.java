package org.hisscube.fetcher.catalog;

/**
 * A row that was skipped, and why. The import goes on past it.
 *
 * @param sourceFile the catalog's name
 * @param line       the physical line, 1-based (0 for a problem with the whole source)
 * @param reason     the kind of problem, for grouping
 * @param detail     what exactly was wrong, e.g. {@code column 'ra': 'abc' is not a number}
 */
public record RowProblem(String sourceFile, int line, SkipReason reason, String detail) {
    @Override
    public String toString() {
        return sourceFile + ":" + line + ": " + reason + ": " + detail;
    }
}
