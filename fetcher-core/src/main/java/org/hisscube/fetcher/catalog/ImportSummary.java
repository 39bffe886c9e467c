package org.hisscube.fetcher.catalog;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of a catalog import.
 *
 * @param filesRead           sources read (a source that was not a catalog counts, with its problem)
 * @param rowsRead            data rows seen in all sources
 * @param rowsSkipped         rows skipped as malformed
 * @param skippedByReason     skipped rows grouped by reason; a source that is not a catalog at all counts once
 *                            under {@link SkipReason#NOT_A_CATALOG} (and not in {@code rowsSkipped})
 * @param distinctSpectra     distinct (plate, mjd, fiberid) keys
 * @param duplicateRows       rows whose key an earlier row already had (within or across sources)
 * @param conflicts           keys with more than one class
 * @param withFieldIdsOnly    rows with run/camcol/field but no spectrum ids (frames can be fetched, no spectrum)
 * @param withoutIdentifiers  rows with no identifiers at all: unusable for fetching, still labelled rows
 * @param distinctObjects     {@code distinctSpectra + withFieldIdsOnly + withoutIdentifiers} (rows without a
 *                            spectrum key cannot be deduplicated and count one each)
 * @param perClass            distinct objects per class (first-seen class), {@code UNLABELLED} for none
 */
public record ImportSummary(int filesRead, long rowsRead, long rowsSkipped, Map<SkipReason, Long> skippedByReason,
        int distinctSpectra, long duplicateRows, int conflicts, int withFieldIdsOnly, int withoutIdentifiers,
        int distinctObjects, Map<String, Integer> perClass) {

    public static final String UNLABELLED = "UNLABELLED";

    public ImportSummary {
        skippedByReason = Map.copyOf(skippedByReason);
        perClass = Map.copyOf(perClass);
    }

    /** A few human-readable lines. */
    public String describe() {
        String skipped = skippedByReason.isEmpty() ? "none"
                : skippedByReason.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        String classes = perClass.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return "catalog import: " + filesRead + " files, " + rowsRead + " rows read, " + rowsSkipped
                + " skipped (" + skipped + ")\n"
                + "  " + distinctObjects + " distinct objects: " + distinctSpectra + " spectra (" + duplicateRows
                + " duplicate rows, " + conflicts + " conflicting labels), " + withFieldIdsOnly
                + " with field ids only, " + withoutIdentifiers + " unusable for fetching: no identifiers\n"
                + "  per class: " + classes;
    }
}
