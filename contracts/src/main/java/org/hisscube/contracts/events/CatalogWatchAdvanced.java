package org.hisscube.contracts.events;

import java.time.Instant;

/**
 * A catalog watch has turned the rows of one catalog file up to {@link #linesDone()} into fetch requests. Keyed by
 * {@code <watchId>|<sourceFile>} on a compacted topic: the latest record is where the watch resumes after a restart.
 *
 * @param watchId    which watch (several may share the topic)
 * @param sourceFile the catalog file's name inside the watched folder
 * @param linesDone  the last line number of the file that has been handled (1-based, header included)
 * @param requested  fetch requests published for the rows handled in this step
 */
public record CatalogWatchAdvanced(String eventId, int schemaVersion, Instant occurredAt, String watchId,
        String sourceFile, int linesDone, int requested) implements Event {
    public CatalogWatchAdvanced {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(watchId, "watchId");
        EventChecks.requireText(sourceFile, "sourceFile");
        if (linesDone < 0) {
            throw new IllegalArgumentException("linesDone is negative: " + linesDone);
        }
    }

    public static CatalogWatchAdvanced of(String watchId, String sourceFile, int linesDone, int requested) {
        return new CatalogWatchAdvanced(EventChecks.newId(), SCHEMA_VERSION, Instant.now(), watchId, sourceFile,
                linesDone, requested);
    }

    /** The record key: one position per watch and file. */
    public String key() {
        return watchId + "|" + sourceFile;
    }
}
