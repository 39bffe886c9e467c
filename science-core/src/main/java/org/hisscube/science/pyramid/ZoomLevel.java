package org.hisscube.science.pyramid;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.hisscube.science.wcs.TanWcs;

/**
 * One resolution level of an {@link ImagePyramid}: values and 1-σ uncertainties (float32, row-major, element
 * {@code y * width + x}; NaN = missing) and the WCS of that level. Immutable: arrays are exposed as read-only views
 * or copies.
 */
public final class ZoomLevel {
    private final int zoom;
    private final int width;
    private final int height;
    private final FloatBuffer data;
    private final FloatBuffer errors;
    private final TanWcs wcs;

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
        return data.duplicate();
    }

    /** Read-only row-major view of the uncertainties. */
    public FloatBuffer errors() {
        return errors.duplicate();
    }

    public float[] dataCopy() {
        float[] out = new float[width * height];
        data.get(0, out, 0, out.length);
        return out;
    }

    public float[] errorsCopy() {
        float[] out = new float[width * height];
        errors.get(0, out, 0, out.length);
        return out;
    }

    /** The values as {@code [height][width]} (a copy). */
    public float[][] dataRows() {
        return rows(data);
    }

    /** The uncertainties as {@code [height][width]} (a copy). */
    public float[][] errorRows() {
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
        return y * width + x;
    }

    @Override
    public String toString() {
        return "ZoomLevel[" + zoom + ", " + width + "x" + height + "]";
    }
}
