package org.hisscube.fetcher.catalog;

import java.util.List;

/**
 * What one catalog source gave.
 *
 * @param sourceFile the source's name
 * @param rowsRead   data rows seen (accepted plus skipped; not counting header, comment and blank lines)
 * @param objects    the accepted rows, in source order
 * @param skipped    the skipped rows, in source order
 */
public record CatalogReadResult(String sourceFile, int rowsRead, List<CatalogObject> objects, List<RowProblem> skipped) {
    public CatalogReadResult {
        objects = List.copyOf(objects);
        skipped = List.copyOf(skipped);
    }
}
