package org.hisscube.contracts.events;

import java.time.Instant;

/**
 * A catalog watch has turned its source up to {@link #position()} into fetch requests. Keyed by
 * {@code <watchId>|<source>} on a compacted topic: the latest record is where the watch resumes after a restart.
 *
 * @param watchId   which watch (several may share the topic)
 * @param source    a catalog file's name inside the watched folder, or the name of a SkyServer query
 * @param position  for a file: the last line handled (1-based, header included); for a query: the highest MJD seen
 * @param requested fetch requests published in this step
 */
public record CatalogWatchAdvanced(String eventId, int schemaVersion, Instant occurredAt, String watchId,
        String source, long position, int requested) implements Event {
    public CatalogWatchAdvanced {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(watchId, "watchId");
        EventChecks.requireText(source, "source");
        if (position < 0) {
            throw new IllegalArgumentException("position is negative: " + position);
        }
    }

    public static CatalogWatchAdvanced of(String watchId, String source, long position, int requested) {
        return new CatalogWatchAdvanced(EventChecks.newId(), SCHEMA_VERSION, Instant.now(), watchId, source, position,
                requested);
    }

    /** The record key: one position per watch and source. */
    public String key() {
        return watchId + "|" + source;
    }
}
