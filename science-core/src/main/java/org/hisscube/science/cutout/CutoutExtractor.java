package org.hisscube.science.cutout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.wcs.TanWcs;

/**
 * Cuts s × s windows around a sky position out of the zoom levels of a calibrated frame: s = {@value #BASE_SIZE} at
 * zoom 0, halved per zoom (64, 32, 16, 8 for zooms 0..3; {@link #sizeAtZoom}).
 *
 * <p><b>Window convention.</b> (px, py) = {@code level.wcs().worldToPixel(ra, dec)} (0-based, x = column, y = row,
 * integer = pixel centre). The window starts at
 *
 * <pre>
 *   x0 = round(px) − s/2,   y0 = round(py) − s/2        (round half up; s/2 with integer division)
 * </pre>
 *
 * and spans x0..x0+s−1, y0..y0+s−1, so the pixel containing the object sits at window index (s/2, s/2) and the object
 * is at most half a pixel from that pixel's centre. (HiSS-Cube truncates px, py instead, which puts the object up to
 * one pixel — typically ≈ 1.5 px in total — off centre; its windows therefore differ from ours by 0 or 1 pixel per
 * axis.) Each zoom uses its own WCS ({@code wcs.atZoom(z)}), so the window is re-centred at every zoom rather than
 * derived by halving x0, y0.
 *
 * <p><b>What counts as a cutout</b> (in this order):
 * <ol>
 *   <li>{@link CutoutRefusal.Reason#OFF_FRAME}: (px, py) is not on the level — outside the pixel edges
 *       [−0.5, width−0.5) × [−0.5, height−0.5) ({@link org.hisscube.science.wcs.TanWcs#contains}), or the position
 *       has no pixel (behind the tangent plane). Always refused, even when partial cutouts are allowed.</li>
 *   <li>{@link CutoutRefusal.Reason#EDGE}: the position is on the frame but the window reaches beyond a frame edge.
 *       Refused by default; with {@link #allowingPartial()} a partial cutout is returned instead, NaN-padded outside
 *       the frame ({@link Cutout#isPartial()}).</li>
 *   <li>{@link CutoutRefusal.Reason#MISSING_DATA}: the window is inside the frame, but some pixel has a NaN value or
 *       a NaN σ (the calibrator marks pixels the noise model cannot describe; a lower zoom has NaN only where the
 *       whole 2×2 block was missing). Decision: by default such a window is <em>not whole</em> and is refused,
 *       because the cube's ML rows must not have holes; {@link #allowingMissingPixels()} accepts it (the stacker
 *       skips NaN elements anyway) and {@link #allowingPartial()} implies it.</li>
 * </ol>
 * So by default only whole cutouts — completely inside the frame, every pixel with a finite value and σ — come out.
 *
 * <p>Edge names in messages follow the FITS display convention (row 0 at the bottom): left = x &lt; 0, right =
 * x &gt; width−1, bottom = y &lt; 0, top = y &gt; height−1.
 *
 * <p>Immutable and thread-safe.
 */
public final class CutoutExtractor {
    /** Window size at zoom 0. */
    public static final int BASE_SIZE = 64;

    private static final CutoutExtractor WHOLE_ONLY = new CutoutExtractor(false, false);

    private final boolean allowPartial;
    private final boolean allowMissingPixels;

    /**
     * @param allowPartial       return NaN-padded cutouts for windows that cross a frame edge (implies
     *                           allowMissingPixels)
     * @param allowMissingPixels accept windows with NaN values or σ inside the frame
     */
    public CutoutExtractor(boolean allowPartial, boolean allowMissingPixels) {
        this.allowPartial = allowPartial;
        this.allowMissingPixels = allowMissingPixels || allowPartial;
    }

    /** The default: whole cutouts only. */
    public static CutoutExtractor wholeOnly() {
        return WHOLE_ONLY;
    }

    /** Whole windows, but missing pixels (NaN) inside them are accepted. */
    public static CutoutExtractor allowingMissingPixels() {
        return new CutoutExtractor(false, true);
    }

    /** Partial (NaN-padded) windows at frame edges and missing pixels are accepted; off-frame positions are not. */
    public static CutoutExtractor allowingPartial() {
        return new CutoutExtractor(true, true);
    }

    public boolean allowsPartial() {
        return allowPartial;
    }

    public boolean allowsMissingPixels() {
        return allowMissingPixels;
    }

    /** Window size at a zoom: {@value #BASE_SIZE} >> zoom (64, 32, 16, 8 for zooms 0..3). */
    public static int sizeAtZoom(int zoom) {
        if (zoom < 0 || zoom > 6) {
            throw new IllegalArgumentException("zoom must be 0..6: " + zoom);
        }
        return BASE_SIZE >> zoom;
    }

    /** The zoom-0 cutout of a calibrated frame. */
    public CutoutResult extract(CalibratedImage image, double ra, double dec) {
        return extract(ImagePyramid.of(image, 1).level(0), CutoutSource.of(image), ra, dec);
    }

    /** The cutout of zoom level {@code zoom} of a pyramid built from {@code image}. */
    public CutoutResult extract(ImagePyramid pyramid, CutoutSource source, int zoom, double ra, double dec) {
        return extract(pyramid.level(zoom), source, ra, dec);
    }

    /** Cutouts at every zoom of the pyramid, zoom 0 first. */
    public List<CutoutResult> extractAllZooms(ImagePyramid pyramid, CutoutSource source, double ra, double dec) {
        List<CutoutResult> out = new ArrayList<>(pyramid.size());
        for (ZoomLevel level : pyramid.levels()) {
            out.add(extract(level, source, ra, dec));
        }
        return out;
    }

    /** The cutout of one zoom level, of the standard size for its zoom. */
    public CutoutResult extract(ZoomLevel level, CutoutSource source, double ra, double dec) {
        return extract(level, source, ra, dec, sizeAtZoom(level.zoom()));
    }

    /** The s × s cutout of one zoom level (any s ≥ 1; the object's pixel is at window index s/2). */
    public CutoutResult extract(ZoomLevel level, CutoutSource source, double ra, double dec, int size) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(source, "source");
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        int zoom = level.zoom();
        int w = level.width();
        int h = level.height();
        double[] p = level.wcs().worldToPixel(ra, dec);
        double px = p[0];
        double py = p[1];
        if (!Double.isFinite(px) || !Double.isFinite(py) || !level.wcs().contains(px, py)) {
            String where = Double.isFinite(px) && Double.isFinite(py)
                    ? String.format(Locale.ROOT, "is at pixel (%.2f, %.2f), outside", px, py)
                    : "has no pixel (behind the tangent plane) in";
            String msg = String.format(Locale.ROOT, "position (ra %.6f, dec %.6f) %s the %d×%d frame %s at zoom %d",
                    ra, dec, where, w, h, source.frameFileName(), zoom);
            return new CutoutRefusal(CutoutRefusal.Reason.OFF_FRAME, msg, source, zoom, size, ra, dec, px, py, 0, 0,
                    w, h, 0);
        }
        int x0 = origin(px, size);
        int y0 = origin(py, size);
        int x1 = x0 + size - 1;
        int y1 = y0 + size - 1;
        String window = "window x " + x0 + ".." + x1 + " y " + y0 + ".." + y1 + " of " + w + "×" + h + " at zoom "
                + zoom;
        boolean inside = x0 >= 0 && y0 >= 0 && x1 < w && y1 < h;
        if (!inside && !allowPartial) {
            List<String> edges = new ArrayList<>(2);
            if (x0 < 0) {
                edges.add("left edge (x < 0)");
            }
            if (x1 >= w) {
                edges.add("right edge (x > " + (w - 1) + ")");
            }
            if (y0 < 0) {
                edges.add("bottom edge (y < 0)");
            }
            if (y1 >= h) {
                edges.add("top edge (y > " + (h - 1) + ")");
            }
            String msg = window + " crosses the " + String.join(" and the ", edges) + " (object at pixel "
                    + String.format(Locale.ROOT, "(%.2f, %.2f)", px, py) + " of " + source.frameFileName() + ")";
            return new CutoutRefusal(CutoutRefusal.Reason.EDGE, msg, source, zoom, size, ra, dec, px, py, x0, y0, w,
                    h, 0);
        }
        float[] data = new float[size * size];
        float[] errors = new float[size * size];
        if (!inside) {
            Arrays.fill(data, Float.NaN);
            Arrays.fill(errors, Float.NaN);
        }
        int xs = Math.max(x0, 0);
        int xe = Math.min(x1, w - 1);
        int ys = Math.max(y0, 0);
        int ye = Math.min(y1, h - 1);
        if (xs <= xe) {
            for (int y = ys; y <= ye; y++) {
                level.copyRow(y, xs, xe - xs + 1, data, errors, (y - y0) * size + (xs - x0));
            }
        }
        if (inside && !allowMissingPixels) {
            int missing = 0;
            for (int k = 0; k < data.length; k++) {
                if (!Float.isFinite(data[k]) || !Float.isFinite(errors[k])) {
                    missing++;
                }
            }
            if (missing > 0) {
                String msg = window + " of " + source.frameFileName() + " has " + missing + " missing pixel"
                        + (missing == 1 ? "" : "s") + " (NaN value or σ)";
                return new CutoutRefusal(CutoutRefusal.Reason.MISSING_DATA, msg, source, zoom, size, ra, dec, px, py,
                        x0, y0, w, h, missing);
            }
        }
        return new Cutout(source, zoom, size, ra, dec, px, py, x0, y0, w, h, data, errors, !inside);
    }

    /**
     * The pixels of a level (given by its WCS, NAXIS1 × NAXIS2) that the size × size cutout around (ra, dec) reads:
     * {@code {x, y, width, height}} of the window clipped to the level; all 0 when the position is off the level
     * (nothing is read). Whatever {@link #extract(ZoomLevel, CutoutSource, double, double, int) extract} reads lies
     * inside it, so a level holding only these pixels ({@link ZoomLevel#window}) gives the same cutout or refusal as
     * the whole level.
     */
    public static int[] pixelsRead(TanWcs wcs, double ra, double dec, int size) {
        Objects.requireNonNull(wcs, "wcs");
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        double[] p = wcs.worldToPixel(ra, dec);
        if (!Double.isFinite(p[0]) || !Double.isFinite(p[1]) || !wcs.contains(p[0], p[1])) {
            return new int[4];
        }
        int x0 = origin(p[0], size);
        int y0 = origin(p[1], size);
        int xs = Math.max(x0, 0);
        int ys = Math.max(y0, 0);
        int xe = Math.min(x0 + size - 1, wcs.naxis1() - 1);
        int ye = Math.min(y0 + size - 1, wcs.naxis2() - 1);
        return xs > xe || ys > ye ? new int[4] : new int[] {xs, ys, xe - xs + 1, ye - ys + 1};
    }

    /** The first pixel of a window of {@code size} whose pixel {@code size / 2} holds pixel coordinate p. */
    private static int origin(double p, int size) {
        return (int) Math.floor(p + 0.5) - size / 2;
    }

    @Override
    public String toString() {
        return "CutoutExtractor[" + (allowPartial ? "partial allowed" : allowMissingPixels ? "missing pixels allowed"
                : "whole only") + "]";
    }
}
