package org.hisscube.science.fits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import nom.tam.fits.Header;
import nom.tam.util.FitsInputStream;
import org.hisscube.science.ScienceException;
import org.hisscube.science.wcs.TanWcs;

/**
 * One SDSS imaging frame ({@code frame-[ugriz]-RRRRRR-C-FFFF.fits}) as read: the HDU 0 image in nanomaggies, the
 * HDU 1 calibration vector, the HDU 2 sky table, the TAN WCS, the observation time and the primary header.
 *
 * <p>Immutable. The image is held row-major (index {@code y * width + x}, x = column, y = row, 0-based) and exposed
 * as a read-only {@link FloatBuffer} view, so that no 12 MB copy is needed to read it; the small arrays are returned
 * as copies.
 */
public final class SdssFrame {
    private final String fileName;
    private final FrameId id;
    private final String rerun;
    private final double taiSeconds;
    private final int width;
    private final int height;
    private final float[] image;
    private final float[] calibration;
    private final SkyTable sky;
    private final TanWcs wcs;
    private final List<String> primaryHeaderCards;

    /**
     * Builds a frame from its parts (copies the arrays). The reader is the usual way to get one; this constructor
     * is for synthetic frames.
     *
     * @param fileName the file name the frame came from
     * @param id filter, run, camcol, field
     * @param rerun the processing rerun ("301"), or "" when unknown
     * @param taiSeconds observation time, TAI seconds since MJD 0 (1858-11-17)
     * @param width image columns
     * @param height image rows
     * @param image row-major image in nanomaggies, {@code width * height} values
     * @param calibration nanomaggies per count for each column, {@code width} values, finite and positive
     * @param sky the sky table; XINTERP must have {@code width} and YINTERP {@code height} entries
     * @param wcs the TAN WCS of the image (NAXIS1 = width, NAXIS2 = height)
     * @param primaryHeaderCards the 80-character cards of the primary header (END excluded), may be empty
     */
    public SdssFrame(String fileName, FrameId id, String rerun, double taiSeconds, int width, int height,
            float[] image, float[] calibration, SkyTable sky, TanWcs wcs, List<String> primaryHeaderCards) {
        this(fileName, id, rerun, taiSeconds, width, height, Objects.requireNonNull(image, "image").clone(),
                Objects.requireNonNull(calibration, "calibration").clone(), sky, wcs, primaryHeaderCards, true);
    }

    private SdssFrame(String fileName, FrameId id, String rerun, double taiSeconds, int width, int height,
            float[] image, float[] calibration, SkyTable sky, TanWcs wcs, List<String> primaryHeaderCards,
            boolean validate) {
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.id = Objects.requireNonNull(id, "id");
        this.rerun = rerun == null ? "" : rerun;
        this.taiSeconds = taiSeconds;
        this.width = width;
        this.height = height;
        this.image = image;
        this.calibration = calibration;
        this.sky = Objects.requireNonNull(sky, "sky");
        this.wcs = Objects.requireNonNull(wcs, "wcs");
        this.primaryHeaderCards = List.copyOf(primaryHeaderCards == null ? List.of() : primaryHeaderCards);
        if (validate) {
            validate();
        }
    }

    /** Used by the reader: adopts the freshly read arrays without copying (it has validated them). */
    static SdssFrame adopt(String fileName, FrameId id, String rerun, double taiSeconds, int width, int height,
            float[] image, float[] calibration, SkyTable sky, TanWcs wcs, List<String> primaryHeaderCards) {
        return new SdssFrame(fileName, id, rerun, taiSeconds, width, height, image, calibration, sky, wcs,
                primaryHeaderCards, false);
    }

    private void validate() {
        if (width < 1 || height < 1 || (long) width * height != image.length) {
            throw new IllegalArgumentException(
                    "image has " + image.length + " values, expected " + width + "x" + height);
        }
        if (calibration.length != width) {
            throw new IllegalArgumentException(
                    "calibration vector has " + calibration.length + " values, expected " + width);
        }
        for (int x = 0; x < width; x++) {
            if (!(calibration[x] > 0) || !Float.isFinite(calibration[x])) {
                throw new IllegalArgumentException("calibration[" + x + "] is not finite and positive: "
                        + calibration[x]);
            }
        }
        if (sky.width() != width || sky.height() != height) {
            throw new IllegalArgumentException("sky table interpolates " + sky.width() + "x" + sky.height()
                    + " pixels, image is " + width + "x" + height);
        }
        if (wcs.naxis1() != width || wcs.naxis2() != height) {
            throw new IllegalArgumentException("WCS is for " + wcs.naxis1() + "x" + wcs.naxis2()
                    + " pixels, image is " + width + "x" + height);
        }
        if (!Double.isFinite(taiSeconds)) {
            throw new IllegalArgumentException("observation time is not finite: " + taiSeconds);
        }
    }

    public String fileName() {
        return fileName;
    }

    public FrameId id() {
        return id;
    }

    /** One of u, g, r, i, z. */
    public String filter() {
        return id.filter();
    }

    public int run() {
        return id.run();
    }

    public int camcol() {
        return id.camcol();
    }

    public int field() {
        return id.field();
    }

    /** Processing rerun from the RERUN keyword ("301"), "" when absent. */
    public String rerun() {
        return rerun;
    }

    /**
     * Observation time as TAI seconds since MJD 0 (1858-11-17T00:00 TAI): the frame's TAI keyword, the time at which
     * its first row was read.
     */
    public double taiSeconds() {
        return taiSeconds;
    }

    /** Observation time as a (TAI) modified Julian date, {@code taiSeconds / 86400}. */
    public double mjd() {
        return taiSeconds / 86_400.0;
    }

    /** Image columns (2048 for SDSS frames). */
    public int width() {
        return width;
    }

    /** Image rows (1489 for SDSS frames). */
    public int height() {
        return height;
    }

    /** The image value [nanomaggies] at column x, row y (0-based). */
    public float pixel(int x, int y) {
        checkPixel(x, y);
        return image[y * width + x];
    }

    /** A read-only view of the row-major image [nanomaggies]: element {@code y * width() + x}. */
    public FloatBuffer image() {
        return FloatBuffer.wrap(image).asReadOnlyBuffer();
    }

    /** A copy of the row-major image [nanomaggies]. */
    public float[] imageCopy() {
        return image.clone();
    }

    /** HDU 1: nanomaggies per count (DN) of column x. */
    public float calibration(int x) {
        return calibration[x];
    }

    /** A copy of HDU 1, nanomaggies per count for every column. */
    public float[] calibrationCopy() {
        return calibration.clone();
    }

    public SkyTable sky() {
        return sky;
    }

    public TanWcs wcs() {
        return wcs;
    }

    /** The primary header's cards (80 characters each, END excluded), in file order, for export. */
    public List<String> primaryHeaderCards() {
        return primaryHeaderCards;
    }

    /** A fresh (mutable, caller-owned) nom-tam copy of the primary header. */
    public Header primaryHeader() {
        if (primaryHeaderCards.isEmpty()) {
            return new Header();
        }
        StringBuilder sb = new StringBuilder((primaryHeaderCards.size() + 1) * 80 + 2880);
        for (String c : primaryHeaderCards) {
            sb.append(c);
            for (int i = c.length(); i < 80; i++) {
                sb.append(' ');
            }
        }
        sb.append(String.format("%-80s", "END"));
        while (sb.length() % 2880 != 0) {
            sb.append(' ');
        }
        try {
            Header h = Header.readHeader(
                    new FitsInputStream(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII))));
            return h == null ? new Header() : h;
        } catch (IOException | RuntimeException e) {
            throw new ScienceException(fileName + ": cannot rebuild the primary header", e);
        }
    }

    private void checkPixel(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
        }
    }

    @Override
    public String toString() {
        return "SdssFrame[" + fileName + ", " + id + ", " + width + "x" + height + ", mjd " + mjd() + "]";
    }
}
