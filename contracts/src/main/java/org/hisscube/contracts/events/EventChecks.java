package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Validation shared by the compact constructors of the event records. */
final class EventChecks {
    private EventChecks() {
    }

    static void header(String eventId, int schemaVersion, Instant occurredAt) {
        require(eventId, "eventId");
        if (eventId.isBlank()) {
            throw new IllegalArgumentException("eventId is blank");
        }
        if (schemaVersion < 1 || schemaVersion > Event.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not supported (this build reads 1.."
                    + Event.SCHEMA_VERSION + ")");
        }
        require(occurredAt, "occurredAt");
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    static String requireText(String value, String field) {
        require(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' is blank");
        }
        return value;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
