package org.hisscube.science.cutout;

import java.util.Objects;
import org.hisscube.science.calib.CalibratedImage;

/**
 * Where a cutout comes from: the frame file, its filter and its observation time.
 *
 * @param frameFileName the source frame's file name (e.g. {@code frame-r-002820-3-0122.fits.bz2})
 * @param filter        one of u, g, r, i, z
 * @param mjd           observation time of the frame, TAI modified Julian date (float64)
 */
public record CutoutSource(String frameFileName, String filter, double mjd) {
    public CutoutSource {
        Objects.requireNonNull(frameFileName, "frameFileName");
        Objects.requireNonNull(filter, "filter");
    }

    /** The source of cutouts taken from a calibrated frame (or any zoom level of its pyramid). */
    public static CutoutSource of(CalibratedImage image) {
        return new CutoutSource(image.fileName(), image.filter(), image.mjd());
    }
}
