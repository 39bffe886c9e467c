package org.hisscube.science.cutout;

import java.util.Objects;

/**
 * An s × s cutout of one zoom level of a calibrated frame around a sky position: values and 1-σ uncertainties in
 * nanomaggies (float32, row-major).
 *
 * <p><b>Layout.</b> Element {@code j * size + i} (i = window column, j = window row, both 0..s−1) is the level's
 * pixel (x0 + i, y0 + j), x = column, y = row, 0-based as in {@link org.hisscube.science.wcs.TanWcs}. The requested
 * position's pixel is at window index ({@link #centreIndex()}, {@link #centreIndex()}) = (s/2, s/2); its exact
 * sub-pixel position inside the window is ({@link #px()} − x0, {@link #py()} − y0). See {@link CutoutExtractor} for
 * how x0, y0 are chosen.
 *
 * <p><b>Units at lower zooms.</b> The zoom pyramid <i>averages</i> 2×2 blocks, so a value at any zoom is still a
 * flux per <i>native</i> (0.396″) pixel; the total flux in a zoom-z pixel is value·4^z.
 *
 * <p>NaN marks a missing value or σ; in a partial cutout ({@link #isPartial()}) the part of the window outside the
 * frame is NaN too. Immutable: arrays are copied in and out.
 */
public final class Cutout implements CutoutResult {
    private final CutoutSource source;
    private final int zoom;
    private final int size;
    private final double ra;
    private final double dec;
    private final double px;
    private final double py;
    private final int x0;
    private final int y0;
    private final int levelWidth;
    private final int levelHeight;
    private final float[] data;
    private final float[] errors;
    private final boolean partial;
    private final int missingPixels;

    /**
     * @param px exact pixel x (column) of (ra, dec) at this zoom, 0-based
     * @param py exact pixel y (row) of (ra, dec) at this zoom, 0-based
     * @param partial true when part of the window lies outside the frame (NaN-padded)
     */
    public Cutout(CutoutSource source, int zoom, int size, double ra, double dec, double px, double py, int x0,
            int y0, int levelWidth, int levelHeight, float[] data, float[] errors, boolean partial) {
        this.source = Objects.requireNonNull(source, "source");
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        if (data.length != size * size || errors.length != size * size) {
            throw new IllegalArgumentException("data/errors have " + data.length + "/" + errors.length
                    + " values, expected " + size + "x" + size);
        }
        this.zoom = zoom;
        this.size = size;
        this.ra = ra;
        this.dec = dec;
        this.px = px;
        this.py = py;
        this.x0 = x0;
        this.y0 = y0;
        this.levelWidth = levelWidth;
        this.levelHeight = levelHeight;
        this.data = data.clone();
        this.errors = errors.clone();
        this.partial = partial;
        int missing = 0;
        for (int k = 0; k < this.data.length; k++) {
            if (!Float.isFinite(this.data[k]) || !Float.isFinite(this.errors[k])) {
                missing++;
            }
        }
        this.missingPixels = missing;
    }

    @Override
    public boolean isCutout() {
        return true;
    }

    @Override
    public CutoutSource source() {
        return source;
    }

    /** Filter of the source frame. */
    public String filter() {
        return source.filter();
    }

    /** Observation time of the source frame, TAI MJD. */
    public double mjd() {
        return source.mjd();
    }

    @Override
    public int zoom() {
        return zoom;
    }

    @Override
    public int size() {
        return size;
    }

    /** Requested right ascension, degrees. */
    public double ra() {
        return ra;
    }

    /** Requested declination, degrees. */
    public double dec() {
        return dec;
    }

    /** Exact pixel x (column) of the requested position in the zoom level, 0-based. */
    public double px() {
        return px;
    }

    /** Exact pixel y (row) of the requested position in the zoom level, 0-based. */
    public double py() {
        return py;
    }

    /** First column of the window in the zoom level (may be negative for a partial cutout). */
    public int x0() {
        return x0;
    }

    /** First row of the window in the zoom level (may be negative for a partial cutout). */
    public int y0() {
        return y0;
    }

    /** Last column of the window, inclusive: x0 + s − 1. */
    public int x1() {
        return x0 + size - 1;
    }

    /** Last row of the window, inclusive: y0 + s − 1. */
    public int y1() {
        return y0 + size - 1;
    }

    public int levelWidth() {
        return levelWidth;
    }

    public int levelHeight() {
        return levelHeight;
    }

    /** Window index of the object's pixel along both axes: s/2. */
    public int centreIndex() {
        return size / 2;
    }

    /** The requested position's x inside the window (sub-pixel): px − x0. */
    public double windowX() {
        return px - x0;
    }

    /** The requested position's y inside the window (sub-pixel): py − y0. */
    public double windowY() {
        return py - y0;
    }

    /** True when part of the window is outside the frame (only when partial cutouts were allowed). */
    public boolean isPartial() {
        return partial;
    }

    /** True when the window is inside the frame and no pixel is missing. */
    public boolean isWhole() {
        return !partial && missingPixels == 0;
    }

    /** Number of window pixels whose value or σ is NaN (including padding of a partial cutout). */
    public int missingPixels() {
        return missingPixels;
    }

    /** Value [nanomaggies per native pixel] at window column i, row j. */
    public float value(int i, int j) {
        return data[index(i, j)];
    }

    /** 1-σ uncertainty at window column i, row j; NaN when missing. */
    public float sigma(int i, int j) {
        return errors[index(i, j)];
    }

    /** The values, row-major s·s (a copy). */
    public float[] data() {
        return data.clone();
    }

    /** The uncertainties, row-major s·s (a copy). */
    public float[] errors() {
        return errors.clone();
    }

    /** The values as {@code [s][s]}, rows first (a copy). */
    public float[][] dataRows() {
        return rows(data);
    }

    /** The uncertainties as {@code [s][s]}, rows first (a copy). */
    public float[][] errorRows() {
        return rows(errors);
    }

    private float[][] rows(float[] a) {
        float[][] out = new float[size][size];
        for (int j = 0; j < size; j++) {
            System.arraycopy(a, j * size, out[j], 0, size);
        }
        return out;
    }

    private int index(int i, int j) {
        if (i < 0 || i >= size || j < 0 || j >= size) {
            throw new IndexOutOfBoundsException("window pixel (" + i + ", " + j + ") outside " + size + "x" + size);
        }
        return j * size + i;
    }

    /** The window as numpy-style slices of the level, rows first: {@code "y0:y0+s, x0:x0+s"}. */
    public String slices() {
        return y0 + ":" + (y0 + size) + ", " + x0 + ":" + (x0 + size);
    }

    @Override
    public String toString() {
        return "Cutout[" + source.frameFileName() + " zoom " + zoom + " " + size + "x" + size + " x " + x0 + ".."
                + x1() + " y " + y0 + ".." + y1() + (partial ? " partial" : "") + ", missing " + missingPixels + "]";
    }
}
