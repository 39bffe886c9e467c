package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.List;

/** A feature vector was derived for one target at one zoom from one modality. Keyed by the target id. */
public record FeaturesComputed(String eventId, int schemaVersion, Instant occurredAt, long targetId,
        int targetVersion, int zoom, Modality modality, String objectClass, List<Double> vector) implements Event {
    public FeaturesComputed {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.require(modality, "modality");
        vector = List.copyOf(EventChecks.require(vector, "vector"));
        if (vector.isEmpty()) {
            throw new IllegalArgumentException("vector is empty");
        }
    }
}
