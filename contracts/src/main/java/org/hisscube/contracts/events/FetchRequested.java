package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.Map;

/**
 * Someone (a catalog import, a query, a watch) asked for one SDSS file. Keyed by {@link #fileId()}.
 *
 * @param fileId         the file's name without extension, e.g. {@code frame-r-002820-3-0122}
 * @param sasPath        path relative to the SAS base URL (DR17 layout)
 * @param sdssIds        the identifiers the file was derived from (run, camcol, field, filter or plate, mjd, fiber)
 * @param expectedSize   size in bytes where known, else null
 * @param expectedSha256 checksum where known, else null
 * @param requestedBy    the source of the request (catalog file name, query, watch)
 */
public record FetchRequested(String eventId, int schemaVersion, Instant occurredAt, String fileId, FileKind kind,
        String sasPath, Map<String, String> sdssIds, Long expectedSize, String expectedSha256, String requestedBy)
        implements Event {
    public FetchRequested {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(fileId, "fileId");
        if (!fileId.matches("[A-Za-z0-9._-]{1,200}") || fileId.contains("..")) {
            throw new IllegalArgumentException("fileId may hold only letters, digits, '.', '_' and '-': " + fileId);
        }
        EventChecks.require(kind, "kind");
        EventChecks.requireText(sasPath, "sasPath");
        sdssIds = sdssIds == null ? Map.of() : Map.copyOf(sdssIds);
    }

    public static FetchRequested of(String fileId, FileKind kind, String sasPath, Map<String, String> sdssIds,
            String requestedBy) {
        return new FetchRequested(EventChecks.newId(), SCHEMA_VERSION, Instant.now(), fileId, kind, sasPath, sdssIds,
                null, null, requestedBy);
    }
}
