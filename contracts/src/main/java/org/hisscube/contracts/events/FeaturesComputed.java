package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A feature vector (an embedding) was derived for one target at one zoom from one modality ({@link Modality#MULTI}:
 * all of them, fused). Keyed by the target id. The tensors themselves are in the object store's shards, never here.
 *
 * @param encoderVersion  the encoder that made the vector: {@code baseline-1} (non-learned) or a model id
 * @param manifestVersion the shard manifest version that holds the target's tensors (0 when unknown)
 * @param split           train, validation or test (a fixed function of the target id)
 */
public record FeaturesComputed(String eventId, int schemaVersion, Instant occurredAt, long targetId,
        int targetVersion, int zoom, Modality modality, String objectClass, List<Double> vector,
        String encoderVersion, int manifestVersion, String split) implements Event {
    public FeaturesComputed {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.require(modality, "modality");
        vector = List.copyOf(EventChecks.require(vector, "vector"));
        if (vector.isEmpty()) {
            throw new IllegalArgumentException("vector is empty");
        }
        EventChecks.requireText(encoderVersion, "encoderVersion");
    }
}
