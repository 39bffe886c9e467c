package org.hisscube.contracts.events;

import java.time.Instant;

/**
 * What every event on a HiSS-Cube topic carries: a unique id, the schema version it was written with, and the
 * time it happened. Events are immutable records named in the past tense.
 */
public interface Event {
    /** The schema version this build writes; readers accept 1..CURRENT and refuse newer ones. */
    int SCHEMA_VERSION = 1;

    String eventId();

    int schemaVersion();

    Instant occurredAt();
}
