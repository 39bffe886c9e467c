package org.hisscube.science.cutout;

import java.util.Objects;

/**
 * No cutout: why, in a {@link Reason} and in a sentence for people (e.g. {@code "window x -22..41 y 119..182 of
 * 2048×1489 at zoom 0 crosses the left edge (x < 0) (object at pixel (10.48, 151.30) of
 * frame-r-002820-3-0122.fits.bz2)"}).
 *
 * @param reason      the machine-readable reason
 * @param message     a human sentence naming the window, the level size and what went wrong
 * @param zoom        requested zoom
 * @param size        requested window size s
 * @param px          the position's pixel x (column) at that zoom, 0-based; NaN when it has none (behind the
 *                    tangent plane)
 * @param py          the position's pixel y (row), 0-based; NaN when it has none
 * @param x0          first column of the window that would have been cut (undefined for {@link Reason#OFF_FRAME}
 *                    without a pixel position: then 0)
 * @param y0          first row of the window
 * @param levelWidth  width of the zoom level
 * @param levelHeight height of the zoom level
 * @param missingPixels pixels of the window with a missing value or σ ({@link Reason#MISSING_DATA}; otherwise 0)
 */
public record CutoutRefusal(Reason reason, String message, CutoutSource source, int zoom, int size, double ra,
        double dec, double px, double py, int x0, int y0, int levelWidth, int levelHeight, int missingPixels)
        implements CutoutResult {

    /** Why there is no cutout. */
    public enum Reason {
        /** The position is not on the frame (its pixel lies outside the pixel edges −0.5 .. N−0.5). */
        OFF_FRAME,
        /** The position is on the frame but the s × s window crosses a frame edge (and partial cutouts are off). */
        EDGE,
        /**
         * The window is inside the frame but some of its pixels are missing (NaN value or NaN σ) and the extractor
         * does not allow missing pixels.
         */
        MISSING_DATA
    }

    public CutoutRefusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public boolean isCutout() {
        return false;
    }
}
