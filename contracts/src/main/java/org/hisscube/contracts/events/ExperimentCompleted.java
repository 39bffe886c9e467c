package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An experiment run finished training and evaluating: where its report lies and its headline numbers. Keyed by the
 * experiment name (the topic is compacted: the latest run of every experiment stays).
 *
 * @param meanMacroF1 test macro-F1 mean over seeds per {@code <kind>-z<zoom>} (e.g. {@code fused-z2})
 * @param modelIds    every model the run put in the registry
 */
public record ExperimentCompleted(String eventId, int schemaVersion, Instant occurredAt, String experiment,
        String runId, int manifestVersion, int seeds, List<Integer> zooms, Map<String, Double> meanMacroF1,
        List<String> modelIds, String bucket, String reportPrefix, double seconds) implements Event {
    public ExperimentCompleted {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(experiment, "experiment");
        EventChecks.requireText(runId, "runId");
        EventChecks.requireText(reportPrefix, "reportPrefix");
        zooms = List.copyOf(EventChecks.require(zooms, "zooms"));
        meanMacroF1 = Map.copyOf(EventChecks.require(meanMacroF1, "meanMacroF1"));
        modelIds = List.copyOf(EventChecks.require(modelIds, "modelIds"));
    }
}
