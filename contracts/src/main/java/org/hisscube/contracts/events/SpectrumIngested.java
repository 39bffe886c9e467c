package org.hisscube.contracts.events;

import java.time.Instant;

/**
 * A spectrum was rebinned (flux and σ) onto the HiSS-Cube grid into a spectrum segment with all its zooms.
 * Keyed by the target id (HEALPix order-15 nested cell) so a partition holds a region of sky.
 *
 * @param sourceKey the raw spec-lite file in the same bucket (the linker re-reads its native samples); may be null
 *                  in events of schema version 1 written before it existed
 */
public record SpectrumIngested(String eventId, int schemaVersion, Instant occurredAt, String fileId, int plate,
        int mjd, int fiber, double ra, double dec, long healpix15, String objectClass, String subclass,
        double redshift, int zwarning, double observedMjd, String segmentBucket, String segmentKey, int zooms,
        String sourceKey) implements Event {
    public SpectrumIngested {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(fileId, "fileId");
        EventChecks.requireText(segmentBucket, "segmentBucket");
        EventChecks.requireText(segmentKey, "segmentKey");
        if (healpix15 < 0) {
            throw new IllegalArgumentException("healpix15 is negative: " + healpix15);
        }
    }
}
