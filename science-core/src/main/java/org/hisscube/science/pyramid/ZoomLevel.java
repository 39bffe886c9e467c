package org.hisscube.science.pyramid;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.hisscube.science.wcs.TanWcs;

/**
 * One resolution level of an {@link ImagePyramid}: values and 1-σ uncertainties (float32, row-major, element
 * {@code y * width + x}; NaN = missing) and the WCS of that level. Immutable: arrays are exposed as read-only views
 * or copies.
 *
 * <p>A level may hold only a <b>window</b> of its pixels ({@link #window}): what the cutouts around one position need,
 * read from a segment by byte ranges instead of whole. It keeps the level's full size and WCS, so a cutout is placed
 * exactly as on the whole level; {@link #copyRow} and {@link #value}/{@link #sigma} work inside the window, while the
 * whole-array views ({@link #data()}, {@link #dataCopy()}, …) refuse with {@link IllegalStateException}, so a window
 * can never be taken for the whole level.
 */
public final class ZoomLevel {
    private final int zoom;
    private final int width;
    private final int height;
    private final FloatBuffer data;
    private final FloatBuffer errors;
    private final TanWcs wcs;
    private final int winX;
    private final int winY;
    private final int winW;
    private final int winH;

    /** Adopts read-only buffers (nobody can write through them); used by the pyramid. */
    ZoomLevel(int zoom, int width, int height, FloatBuffer data, FloatBuffer errors, TanWcs wcs) {
        Objects.requireNonNull(wcs, "wcs");
        if (width < 1 || height < 1 || data.capacity() != width * height || errors.capacity() != width * height) {
            throw new IllegalArgumentException("level " + zoom + ": data/errors have " + data.capacity() + "/"
                    + errors.capacity() + " values, expected " + width + "x" + height);
        }
        if (wcs.naxis1() != width || wcs.naxis2() != height) {
            throw new IllegalArgumentException("level " + zoom + ": WCS is for " + wcs.naxis1() + "x" + wcs.naxis2()
                    + " pixels, level is " + width + "x" + height);
        }
        this.zoom = zoom;
        this.width = width;
        this.height = height;
        this.data = data.isReadOnly() ? data.duplicate() : data.asReadOnlyBuffer();
        this.errors = errors.isReadOnly() ? errors.duplicate() : errors.asReadOnlyBuffer();
        this.wcs = Objects.requireNonNull(wcs, "wcs");
        this.winX = 0;
        this.winY = 0;
        this.winW = width;
        this.winH = height;
    }

    private ZoomLevel(int zoom, int width, int height, int x, int y, int w, int h, float[] data, float[] errors,
            TanWcs wcs) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(wcs, "wcs");
        if (zoom < 0) {
            throw new IllegalArgumentException("zoom must be >= 0: " + zoom);
        }
        if (width < 1 || height < 1 || wcs.naxis1() != width || wcs.naxis2() != height) {
            throw new IllegalArgumentException("level " + zoom + ": " + width + "x" + height + " with a WCS of "
                    + wcs.naxis1() + "x" + wcs.naxis2() + " pixels");
        }
        if (w < 0 || h < 0 || x < 0 || y < 0 || (long) x + w > width || (long) y + h > height) {
            throw new IllegalArgumentException("level " + zoom + ": window " + w + "x" + h + " at (" + x + ", " + y
                    + ") is not inside " + width + "x" + height);
        }
        if (data.length != w * h || errors.length != w * h) {
            throw new IllegalArgumentException("level " + zoom + ": window data/errors have " + data.length + "/"
                    + errors.length + " values, expected " + w + "x" + h);
        }
        this.zoom = zoom;
        this.width = width;
        this.height = height;
        this.data = FloatBuffer.wrap(data.clone()).asReadOnlyBuffer();
        this.errors = FloatBuffer.wrap(errors.clone()).asReadOnlyBuffer();
        this.wcs = wcs;
        this.winX = x;
        this.winY = y;
        this.winW = w;
        this.winH = h;
    }

    /**
     * A level of {@code width × height} pixels of which only the window x..x+w−1, y..y+h−1 is held (row-major within
     * the window, element {@code (yy − y) * w + (xx − x)}; copied). The window may be empty (w or h = 0): a level
     * whose cutout lies off the frame needs no pixel.
     *
     * @throws IllegalArgumentException when the window is not inside the level, the arrays do not hold w × h values
     *         or the WCS is not of width × height pixels
     */
    public static ZoomLevel window(int zoom, int width, int height, int x, int y, int w, int h, float[] data,
            float[] errors, TanWcs wcs) {
        return new ZoomLevel(zoom, width, height, x, y, w, h, data, errors, wcs);
    }

    /** True when the level holds only a window of its pixels ({@link #window}). */
    public boolean isWindow() {
        return winW != width || winH != height;
    }

    /** The pixels held: x, y, width, height (the whole level unless {@link #isWindow()}). */
    public int[] heldPixels() {
        return new int[] {winX, winY, winW, winH};
    }

    /**
     * Copies n values and their σ of row y from column x on into {@code values} and {@code sigmas} at {@code off}.
     *
     * @throws IndexOutOfBoundsException when a pixel is outside the level or outside the window held
     */
    public void copyRow(int y, int x, int n, float[] values, float[] sigmas, int off) {
        if (n <= 0) {
            return;
        }
        int i = index(x, y);
        index(x + n - 1, y);
        data.get(i, values, off, n);
        errors.get(i, sigmas, off, n);
    }

    /**
     * A level of the given row-major arrays (copied): values and 1-σ uncertainties in nanomaggies per native pixel,
     * element {@code y * width + x}, NaN = missing.
     *
     * @param zoom the zoom index (≥ 0)
     * @param wcs  the WCS of this level, NAXIS1 = width and NAXIS2 = height
     * @throws IllegalArgumentException when the arrays or the WCS do not have width × height pixels
     */
    public static ZoomLevel of(int zoom, int width, int height, float[] data, float[] errors, TanWcs wcs) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(wcs, "wcs");
        if (zoom < 0) {
            throw new IllegalArgumentException("zoom must be >= 0: " + zoom);
        }
        return new ZoomLevel(zoom, width, height, FloatBuffer.wrap(data.clone()), FloatBuffer.wrap(errors.clone()),
                wcs);
    }

    /** The zoom index: 0 = full resolution, z = binned by 2^z. */
    public int zoom() {
        return zoom;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The WCS of this level ({@code wcs0.atZoom(zoom)}). */
    public TanWcs wcs() {
        return wcs;
    }

    /** Value [nanomaggies] at (x, y); NaN when missing. */
    public float value(int x, int y) {
        return data.get(index(x, y));
    }

    /** 1-σ uncertainty [nanomaggies] at (x, y); NaN when missing. */
    public float sigma(int x, int y) {
        return errors.get(index(x, y));
    }

    /** Read-only row-major view of the values. */
    public FloatBuffer data() {
        requireWhole();
        return data.duplicate();
    }

    /** Read-only row-major view of the uncertainties. */
    public FloatBuffer errors() {
        requireWhole();
        return errors.duplicate();
    }

    public float[] dataCopy() {
        requireWhole();
        float[] out = new float[width * height];
        data.get(0, out, 0, out.length);
        return out;
    }

    public float[] errorsCopy() {
        requireWhole();
        float[] out = new float[width * height];
        errors.get(0, out, 0, out.length);
        return out;
    }

    /** The values as {@code [height][width]} (a copy). */
    public float[][] dataRows() {
        requireWhole();
        return rows(data);
    }

    /** The uncertainties as {@code [height][width]} (a copy). */
    public float[][] errorRows() {
        requireWhole();
        return rows(errors);
    }

    private float[][] rows(FloatBuffer b) {
        float[][] out = new float[height][width];
        for (int y = 0; y < height; y++) {
            b.get(y * width, out[y], 0, width);
        }
        return out;
    }

    private int index(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside level " + zoom + " (" + width
                    + "x" + height + ")");
        }
        if (x < winX || x >= winX + winW || y < winY || y >= winY + winH) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") of level " + zoom
                    + " is outside the window held (" + winW + "x" + winH + " at " + winX + ", " + winY + ")");
        }
        return (y - winY) * winW + (x - winX);
    }

    private void requireWhole() {
        if (isWindow()) {
            throw new IllegalStateException("level " + zoom + " holds only a window (" + winW + "x" + winH + " at "
                    + winX + ", " + winY + ") of its " + width + "x" + height + " pixels");
        }
    }

    @Override
    public String toString() {
        return "ZoomLevel[" + zoom + ", " + width + "x" + height + (isWindow() ? ", window " + winW + "x" + winH
                + " at " + winX + "," + winY : "") + "]";
    }
}
