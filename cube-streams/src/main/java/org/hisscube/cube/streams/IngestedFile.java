package org.hisscube.cube.streams;

import java.util.List;

/**
 * What the cube holds of one raw file (the {@code cube-ingested-files} store): its kind, checksum, segment and the
 * bytes of each zoom's arrays.
 *
 * @param zoomBytes bytes of the arrays of zoom z (data + errors; for spectra flux + errors), z = 0.. ; the whole
 *                  segment file is {@code segmentBytes}
 */
public record IngestedFile(String fileId, String kind, String sha256, String segmentKey, long segmentBytes,
        List<Long> zoomBytes) {
    public IngestedFile {
        zoomBytes = List.copyOf(zoomBytes);
    }
}
