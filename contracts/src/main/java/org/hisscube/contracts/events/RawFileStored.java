package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.Map;

/**
 * Claim check: a raw SDSS file is durably in the object store. Emitted only after the object is stored.
 * Keyed by {@link #fileId()}.
 */
public record RawFileStored(String eventId, int schemaVersion, Instant occurredAt, String fileId, FileKind kind,
        String bucket, String key, String sha256, long sizeBytes, String sourceUrl, Map<String, String> sdssIds)
        implements Event {
    public RawFileStored {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(fileId, "fileId");
        EventChecks.require(kind, "kind");
        EventChecks.requireText(bucket, "bucket");
        EventChecks.requireText(key, "key");
        EventChecks.requireText(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 is not 64 lower-case hex digits: " + sha256);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes is negative: " + sizeBytes);
        }
        sdssIds = sdssIds == null ? Map.of() : Map.copyOf(sdssIds);
    }

    public static RawFileStored of(String fileId, FileKind kind, String bucket, String key, String sha256,
            long sizeBytes, String sourceUrl, Map<String, String> sdssIds) {
        return new RawFileStored(EventChecks.newId(), SCHEMA_VERSION, Instant.now(), fileId, kind, bucket, key,
                sha256, sizeBytes, sourceUrl, sdssIds);
    }
}
