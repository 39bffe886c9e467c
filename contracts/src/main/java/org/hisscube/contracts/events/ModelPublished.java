package org.hisscube.contracts.events;

import java.time.Instant;

/** A trained model was written to the object store. Keyed by the model id. */
public record ModelPublished(String eventId, int schemaVersion, Instant occurredAt, String modelId, String modelKind,
        Modality modality, int zoom, int version, String modelBucket, String modelKey, int trainingTargets)
        implements Event {
    public ModelPublished {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(modelId, "modelId");
        EventChecks.requireText(modelKind, "modelKind");
        EventChecks.require(modality, "modality");
        EventChecks.requireText(modelBucket, "modelBucket");
        EventChecks.requireText(modelKey, "modelKey");
    }
}
