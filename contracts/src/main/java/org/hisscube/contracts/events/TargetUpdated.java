package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A target (one ML-cube row: the spectra in one HEALPix order-15 cell with five-band cutouts) was built or updated.
 * Keyed by the target id. Each update carries a higher {@link #version()}.
 */
public record TargetUpdated(String eventId, int schemaVersion, Instant occurredAt, long targetId, double ra,
        double dec, String objectClass, double redshift, int version, String targetBucket, String targetKey,
        List<String> bands, List<String> frameFileIds, List<String> spectrumFileIds, int zooms) implements Event {
    public TargetUpdated {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(targetBucket, "targetBucket");
        EventChecks.requireText(targetKey, "targetKey");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        bands = List.copyOf(EventChecks.require(bands, "bands"));
        frameFileIds = List.copyOf(EventChecks.require(frameFileIds, "frameFileIds"));
        spectrumFileIds = List.copyOf(EventChecks.require(spectrumFileIds, "spectrumFileIds"));
    }
}
