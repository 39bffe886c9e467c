package org.hisscube.science.cube;

import java.util.List;

/**
 * A HEALPix order-15 cell with spectra but no target, and why: one sentence per reason, e.g. {@code "r: EDGE at
 * frame-r-002820-3-0122.fits.bz2: window x -22..41 y ... crosses the left edge (x < 0) ..."} or {@code "u: no frame
 * of band u contains (ra, dec)"}.
 */
public record Refusal(long targetId, double ra, double dec, List<String> spectrumFiles, List<String> reasons) {
    public Refusal {
        spectrumFiles = List.copyOf(spectrumFiles);
        reasons = List.copyOf(reasons);
    }
}
