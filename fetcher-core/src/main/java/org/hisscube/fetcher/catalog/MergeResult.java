package org.hisscube.fetcher.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * A merged catalog import.
 *
 * @param entries            distinct spectra, sorted by (plate, mjd, fiber); first-seen values
 * @param withFieldIdsOnly   rows with run/camcol/field but no plate/mjd/fiberid (frames only), in reading order
 * @param withoutIdentifiers rows with no identifiers at all ("unusable for fetching: no identifiers"); still
 *                           labelled rows for training, in reading order
 * @param conflicts          keys labelled differently by different rows, sorted by key
 * @param skipped            every skipped row, in reading order
 * @param summary            the figures
 */
public record MergeResult(List<CatalogEntry> entries, List<CatalogObject> withFieldIdsOnly,
        List<CatalogObject> withoutIdentifiers, List<LabelConflict> conflicts, List<RowProblem> skipped,
        ImportSummary summary) {

    public MergeResult {
        entries = List.copyOf(entries);
        withFieldIdsOnly = List.copyOf(withFieldIdsOnly);
        withoutIdentifiers = List.copyOf(withoutIdentifiers);
        conflicts = List.copyOf(conflicts);
        skipped = List.copyOf(skipped);
    }

    /** Every distinct object: the spectra's first-seen rows, then the rows without a spectrum key. */
    public List<CatalogObject> distinctObjects() {
        List<CatalogObject> all = new ArrayList<>(entries.size() + withFieldIdsOnly.size() + withoutIdentifiers.size());
        entries.forEach(e -> all.add(e.object()));
        all.addAll(withFieldIdsOnly);
        all.addAll(withoutIdentifiers);
        return all;
    }

    /** The distinct objects that carry a class. */
    public List<CatalogObject> labelled() {
        return distinctObjects().stream().filter(o -> o.objectClass() != null).toList();
    }
}
