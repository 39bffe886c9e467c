package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An imaging frame was calibrated (values and σ) into an image segment with all its zooms.
 * Keyed by {@link #fileId()}.
 *
 * @param observedMjd  observation time, MJD (TAI), float64
 * @param healpixOrder the order of {@link #healpixCells()}
 * @param healpixCells nested HEALPix cells the frame covers
 * @param wcs          zoom-0 TAN WCS: CRVAL1/2, CRPIX1/2, CD1_1, CD1_2, CD2_1, CD2_2, NAXIS1/2
 */
public record FrameIngested(String eventId, int schemaVersion, Instant occurredAt, String fileId, String filter,
        int run, int camcol, int field, double observedMjd, String segmentBucket, String segmentKey, int zooms,
        int healpixOrder, List<Long> healpixCells, Map<String, Double> wcs) implements Event {
    public FrameIngested {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(fileId, "fileId");
        EventChecks.requireText(filter, "filter");
        EventChecks.requireText(segmentBucket, "segmentBucket");
        EventChecks.requireText(segmentKey, "segmentKey");
        healpixCells = List.copyOf(EventChecks.require(healpixCells, "healpixCells"));
        wcs = wcs == null ? Map.of() : Map.copyOf(wcs);
    }
}
