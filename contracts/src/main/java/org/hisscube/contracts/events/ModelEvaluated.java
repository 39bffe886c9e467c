package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.Map;

/** A model was evaluated on held-out targets. Keyed by the model id. */
public record ModelEvaluated(String eventId, int schemaVersion, Instant occurredAt, String modelId, int modelVersion,
        Modality modality, int zoom, Map<String, Double> metrics, int trainSize, int testSize, double trainSeconds)
        implements Event {
    public ModelEvaluated {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(modelId, "modelId");
        EventChecks.require(modality, "modality");
        metrics = Map.copyOf(EventChecks.require(metrics, "metrics"));
    }
}
