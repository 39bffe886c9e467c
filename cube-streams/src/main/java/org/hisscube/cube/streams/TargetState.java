package org.hisscube.cube.streams;

import java.util.List;

/**
 * What the cube knows of one target id (HEALPix order-15 nested cell with spectra): the {@code cube-targets} store.
 *
 * @param status          {@link Status#WAITING} (some band has no frame containing the position yet),
 *                        {@link Status#BUILT} (a target file exists) or {@link Status#REFUSED} (frames of all five
 *                        bands contain the position but no whole cutout can be made; {@code reasons} says why)
 * @param version         the latest target file's version, 0 before the first
 * @param targetKey       the latest target file, null before the first
 * @param inputs          the segment keys the latest attempt was made from (sorted): a replay with the same inputs
 *                        changes nothing
 * @param reasons         why the target waits or was refused; empty when built
 */
public record TargetState(long targetId, Status status, double ra, double dec, String objectClass, String subclass,
        double redshift, int version, String targetKey, long targetBytes, List<String> bands,
        List<String> frameFileIds, List<String> spectrumFileIds, List<String> inputs, List<String> reasons) {

    public enum Status {
        WAITING, BUILT, REFUSED
    }

    public TargetState {
        bands = List.copyOf(bands);
        frameFileIds = List.copyOf(frameFileIds);
        spectrumFileIds = List.copyOf(spectrumFileIds);
        inputs = List.copyOf(inputs);
        reasons = List.copyOf(reasons);
    }
}
