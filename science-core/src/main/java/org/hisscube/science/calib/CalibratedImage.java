package org.hisscube.science.calib;

import java.nio.FloatBuffer;
import java.util.Objects;
import org.hisscube.science.fits.FrameId;
import org.hisscube.science.wcs.TanWcs;

/**
 * A calibrated frame: values and 1-σ uncertainties in nanomaggies, float32, row-major (element {@code y * width + x},
 * x = column, y = row, 0-based). NaN marks a missing value or a missing uncertainty (see {@link FrameCalibrator}).
 *
 * <p>Immutable: the arrays are exposed as read-only {@link FloatBuffer} views or as copies. The values may share the
 * (equally immutable) image array of the {@link org.hisscube.science.fits.SdssFrame} they were calibrated from.
 */
public final class CalibratedImage {
    private final String fileName;
    private final FrameId id;
    private final TanWcs wcs;
    private final double taiSeconds;
    private final int width;
    private final int height;
    private final FloatBuffer data; // read-only, row-major
    private final float[] errors;
    private final double gain;
    private final double darkVariance;
    private final long missingSigmaCount;

    /**
     * Builds a calibrated image from its parts (copies the arrays); {@link FrameCalibrator} is the usual way.
     *
     * @param wcs WCS of the image (NAXIS1 = width, NAXIS2 = height)
     * @param taiSeconds observation time, TAI seconds since MJD 0
     */
    public CalibratedImage(String fileName, FrameId id, TanWcs wcs, double taiSeconds, int width, int height,
            float[] data, float[] errors, double gain, double darkVariance) {
        this(fileName, id, wcs, taiSeconds, width, height,
                FloatBuffer.wrap(Objects.requireNonNull(data, "data").clone()),
                Objects.requireNonNull(errors, "errors").clone(), gain, darkVariance, -1);
    }

    /** Adopts data (made read-only here; nobody may write to its array) and errors without copying. */
    CalibratedImage(String fileName, FrameId id, TanWcs wcs, double taiSeconds, int width, int height,
            FloatBuffer data, float[] errors, double gain, double darkVariance, long missingSigmaCount) {
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.id = Objects.requireNonNull(id, "id");
        this.wcs = Objects.requireNonNull(wcs, "wcs");
        if (width < 1 || height < 1 || data.capacity() != (long) width * height || errors.length != data.capacity()) {
            throw new IllegalArgumentException("data/errors have " + data.capacity() + "/" + errors.length
                    + " values, expected " + width + "x" + height);
        }
        if (wcs.naxis1() != width || wcs.naxis2() != height) {
            throw new IllegalArgumentException("WCS is for " + wcs.naxis1() + "x" + wcs.naxis2() + " pixels, image is "
                    + width + "x" + height);
        }
        this.taiSeconds = taiSeconds;
        this.width = width;
        this.height = height;
        this.data = data.isReadOnly() ? data.duplicate() : data.asReadOnlyBuffer();
        this.errors = errors;
        this.gain = gain;
        this.darkVariance = darkVariance;
        if (missingSigmaCount < 0) {
            long n = 0;
            for (float e : errors) {
                if (!Float.isFinite(e)) {
                    n++;
                }
            }
            missingSigmaCount = n;
        }
        this.missingSigmaCount = missingSigmaCount;
    }

    public String fileName() {
        return fileName;
    }

    public FrameId id() {
        return id;
    }

    public String filter() {
        return id.filter();
    }

    public TanWcs wcs() {
        return wcs;
    }

    /** TAI seconds since MJD 0. */
    public double taiSeconds() {
        return taiSeconds;
    }

    /** TAI modified Julian date. */
    public double mjd() {
        return taiSeconds / 86_400.0;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** CCD gain used [e-/count]. */
    public double gain() {
        return gain;
    }

    /** Dark variance used [counts²]. */
    public double darkVariance() {
        return darkVariance;
    }

    /** Number of pixels whose σ is NaN (missing). */
    public long missingSigmaCount() {
        return missingSigmaCount;
    }

    /** Value [nanomaggies] at (x, y). */
    public float value(int x, int y) {
        return data.get(index(x, y));
    }

    /** 1-σ uncertainty [nanomaggies] at (x, y), NaN when missing. */
    public float sigma(int x, int y) {
        return errors[index(x, y)];
    }

    /** Read-only row-major view of the values. */
    public FloatBuffer data() {
        return data.duplicate();
    }

    /** Read-only row-major view of the uncertainties. */
    public FloatBuffer errors() {
        return FloatBuffer.wrap(errors).asReadOnlyBuffer();
    }

    public float[] dataCopy() {
        float[] out = new float[width * height];
        data.get(0, out, 0, out.length);
        return out;
    }

    public float[] errorsCopy() {
        return errors.clone();
    }

    /** The values as {@code [height][width]} (a copy). */
    public float[][] dataRows() {
        return rows(data);
    }

    /** The uncertainties as {@code [height][width]} (a copy). */
    public float[][] errorRows() {
        return rows(FloatBuffer.wrap(errors));
    }

    private float[][] rows(FloatBuffer a) {
        float[][] out = new float[height][width];
        for (int y = 0; y < height; y++) {
            a.get(y * width, out[y], 0, width);
        }
        return out;
    }

    private int index(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
        }
        return y * width + x;
    }

    @Override
    public String toString() {
        return "CalibratedImage[" + fileName + ", " + id + ", " + width + "x" + height + ", missing σ "
                + missingSigmaCount + "]";
    }
}
