package org.hisscube.science.cutout;

/**
 * The outcome of a cutout request: either a {@link Cutout} or a {@link CutoutRefusal} saying why there is none.
 * Refusals are ordinary results, not exceptions: a target near a frame edge is expected, not an error.
 */
public sealed interface CutoutResult permits Cutout, CutoutRefusal {

    /** True for a {@link Cutout} (whole, or partial when partial cutouts were allowed). */
    boolean isCutout();

    /** Zoom level the request was for. */
    int zoom();

    /** Requested window size s (s × s pixels). */
    int size();

    /** The frame it was (or was not) cut from. */
    CutoutSource source();

    /** The cutout, or {@link CutoutRefusedException} carrying the refusal. */
    default Cutout orElseThrow() {
        if (this instanceof Cutout c) {
            return c;
        }
        throw new CutoutRefusedException((CutoutRefusal) this);
    }
}
