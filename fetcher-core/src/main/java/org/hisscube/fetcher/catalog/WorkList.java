package org.hisscube.fetcher.catalog;

import java.util.List;

/**
 * A HiSS-Cube work list (e.g. {@code images_stripe.csv}: fields; {@code spectra_stripe.csv}: plates), distinct
 * items in file order, with the rows that were skipped.
 */
public record WorkList<T>(String sourceFile, int rowsRead, List<T> items, List<RowProblem> skipped) {
    public WorkList {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }
}
