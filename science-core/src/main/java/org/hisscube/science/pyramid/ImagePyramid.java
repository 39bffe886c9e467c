package org.hisscube.science.pyramid;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.wcs.TanWcs;

/**
 * The zoom pyramid of a calibrated image: level 0 is the image itself, each further level halves both axes (floor;
 * a partial last row or column is dropped), so an SDSS frame gives 2048×1489, 1024×744, 512×372, 256×186.
 *
 * <p>Each output pixel combines the 2×2 block below it. Only <em>valid</em> input pixels take part: those whose
 * value and σ are both finite (a NaN value or a NaN σ marks the pixel missing). With n valid pixels
 *
 * <pre>
 *   value = Σ value_i / n,        σ = sqrt(Σ σ_i²) / n
 * </pre>
 *
 * i.e. the mean of n independent measurements, whose σ for n = 4 equal σ's is σ/2 (not HiSS-Cube's σ/4). With n = 0
 * both are NaN. Uncertainties come from the error arrays only, never from the values. Arithmetic is float64, storage
 * float32. The WCS of level z is {@code wcs.atZoom(z)}.
 *
 * <p>Immutable; level 0 shares the calibrated image's arrays (read-only), no copy.
 */
public final class ImagePyramid {
    /** Zoom levels of the cube: z = 0..3. */
    public static final int DEFAULT_LEVELS = 4;

    private final List<ZoomLevel> levels;

    private ImagePyramid(List<ZoomLevel> levels) {
        this.levels = List.copyOf(levels);
    }

    /** The pyramid z = 0..3 of a calibrated frame. */
    public static ImagePyramid of(CalibratedImage image) {
        return of(image, DEFAULT_LEVELS);
    }

    /** The pyramid z = 0..levels-1 of a calibrated frame. */
    public static ImagePyramid of(CalibratedImage image, int levels) {
        return build(new ZoomLevel(0, image.width(), image.height(), image.data(), image.errors(), image.wcs()),
                levels);
    }

    /**
     * The pyramid of arbitrary row-major arrays (copied).
     *
     * @param wcs the WCS of level 0, NAXIS1 = width and NAXIS2 = height
     */
    public static ImagePyramid of(int width, int height, float[] data, float[] errors, TanWcs wcs, int levels) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(errors, "errors");
        ZoomLevel base = new ZoomLevel(0, width, height, FloatBuffer.wrap(data.clone()),
                FloatBuffer.wrap(errors.clone()), Objects.requireNonNull(wcs, "wcs"));
        return build(base, levels);
    }

    /**
     * A pyramid of levels computed elsewhere (e.g. read back from an image segment), adopted as they are: nothing is
     * recomputed. They must form a pyramid: level z has zoom index z, ⌊w/2^z⌋ × ⌊h/2^z⌋ pixels (w × h = level 0) and
     * the WCS {@code level(0).wcs().atZoom(z)} exactly.
     *
     * @param levels z = 0 first, 1..31 of them
     * @throws IllegalArgumentException naming the first level that does not fit
     */
    public static ImagePyramid ofLevels(List<ZoomLevel> levels) {
        Objects.requireNonNull(levels, "levels");
        if (levels.isEmpty() || levels.size() > 31) {
            throw new IllegalArgumentException("a pyramid has 1..31 levels, got " + levels.size());
        }
        ZoomLevel base = Objects.requireNonNull(levels.get(0), "level 0");
        for (int z = 0; z < levels.size(); z++) {
            ZoomLevel l = Objects.requireNonNull(levels.get(z), "level " + z);
            if (l.zoom() != z) {
                throw new IllegalArgumentException("level " + z + " has zoom index " + l.zoom());
            }
            int w = base.width() >> z;
            int h = base.height() >> z;
            if (l.width() != w || l.height() != h) {
                throw new IllegalArgumentException("level " + z + " is " + l.width() + "x" + l.height()
                        + ", expected " + w + "x" + h + " (level 0 is " + base.width() + "x" + base.height() + ")");
            }
            TanWcs expected = base.wcs().atZoom(z);
            if (!l.wcs().equals(expected)) {
                throw new IllegalArgumentException("level " + z + " has WCS " + l.wcs() + ", expected "
                        + expected + " (the level-0 WCS binned by " + (1 << z) + ")");
            }
        }
        return new ImagePyramid(levels);
    }

    private static ImagePyramid build(ZoomLevel base, int levels) {
        if (levels < 1 || levels > 31) {
            throw new IllegalArgumentException("levels must be 1..31: " + levels);
        }
        if ((base.width() >> (levels - 1)) < 1 || (base.height() >> (levels - 1)) < 1) {
            throw new IllegalArgumentException(base.width() + "x" + base.height() + " cannot be halved "
                    + (levels - 1) + " times");
        }
        TanWcs wcs0 = base.wcs();
        List<ZoomLevel> out = new ArrayList<>(levels);
        out.add(base);
        for (int z = 1; z < levels; z++) {
            out.add(halve(out.get(z - 1), wcs0.atZoom(z)));
        }
        return new ImagePyramid(out);
    }

    /**
     * One 2×2 binning step (see the class comment for the rule).
     *
     * <p>Nearly every block has four valid pixels, so each output row is first computed as if all blocks had, in
     * short passes that the JIT compiles well (value sums, σ² sums, square roots, then the float32 stores): in
     * float64 the sum of four float32 values is finite exactly when all four are (no overflow is possible), and so is
     * the sum of their squared σ's. Only a block where one of the two sums is not finite is summed again pixel by
     * pixel, skipping the invalid ones. Both ways add the same terms in the same order as the rule (the value sum from
     * +0.0, so a block of −0.0 gives +0.0), and multiplying by 0.25 rounds exactly as dividing by n = 4 does, so the
     * result is bit for bit that of the plain rule.
     *
     * @param wcs the WCS of the new level
     */
    static ZoomLevel halve(ZoomLevel in, TanWcs wcs) {
        int w = in.width() / 2;
        int h = in.height() / 2;
        int inW = in.width();
        FloatBuffer data = in.data();
        FloatBuffer errors = in.errors();
        float[] d0 = new float[inW];
        float[] d1 = new float[inW];
        float[] e0 = new float[inW];
        float[] e1 = new float[inW];
        double[] sum = new double[w];
        double[] var = new double[w];
        double[] sigma = new double[w];
        float[] outData = new float[w * h];
        float[] outErr = new float[w * h];
        for (int y = 0; y < h; y++) {
            data.get(2 * y * inW, d0, 0, inW);
            data.get((2 * y + 1) * inW, d1, 0, inW);
            errors.get(2 * y * inW, e0, 0, inW);
            errors.get((2 * y + 1) * inW, e1, 0, inW);
            for (int x = 0; x < w; x++) {
                int a = 2 * x;
                sum[x] = 0.0 + d0[a] + d0[a + 1] + d1[a] + d1[a + 1];
            }
            for (int x = 0; x < w; x++) {
                int a = 2 * x;
                var[x] = (double) e0[a] * e0[a] + (double) e0[a + 1] * e0[a + 1] + (double) e1[a] * e1[a]
                        + (double) e1[a + 1] * e1[a + 1];
            }
            for (int x = 0; x < w; x++) {
                sigma[x] = Math.sqrt(var[x]) * 0.25;
            }
            int o = y * w;
            for (int x = 0; x < w; x++) {
                if (Math.abs(sum[x]) <= Double.MAX_VALUE && var[x] <= Double.MAX_VALUE) {
                    outData[o + x] = (float) (sum[x] * 0.25);
                    outErr[o + x] = (float) sigma[x];
                } else {
                    int a = 2 * x;
                    block(d0[a], d0[a + 1], d1[a], d1[a + 1], e0[a], e0[a + 1], e1[a], e1[a + 1], outData, outErr,
                            o + x);
                }
            }
        }
        return new ZoomLevel(in.zoom() + 1, w, h, FloatBuffer.wrap(outData), FloatBuffer.wrap(outErr), wcs);
    }

    /** The rule for one 2×2 block with invalid pixels among v0..v3 (σ's s0..s3), written to out*[i]. */
    private static void block(float v0, float v1, float v2, float v3, float s0, float s1, float s2, float s3,
            float[] outData, float[] outErr, int i) {
        double sum = 0;
        double var = 0;
        int n = 0;
        if (valid(v0, s0)) {
            sum += v0;
            var += (double) s0 * s0;
            n++;
        }
        if (valid(v1, s1)) {
            sum += v1;
            var += (double) s1 * s1;
            n++;
        }
        if (valid(v2, s2)) {
            sum += v2;
            var += (double) s2 * s2;
            n++;
        }
        if (valid(v3, s3)) {
            sum += v3;
            var += (double) s3 * s3;
            n++;
        }
        if (n == 0) {
            outData[i] = Float.NaN;
            outErr[i] = Float.NaN;
        } else {
            outData[i] = (float) (sum / n);
            outErr[i] = (float) (Math.sqrt(var) / n);
        }
    }

    private static boolean valid(float value, float sigma) {
        return Float.isFinite(value) && Float.isFinite(sigma);
    }

    /** Number of levels. */
    public int size() {
        return levels.size();
    }

    /** Level z (0 = full resolution). */
    public ZoomLevel level(int zoom) {
        if (zoom < 0 || zoom >= levels.size()) {
            throw new IndexOutOfBoundsException("zoom " + zoom + " outside 0.." + (levels.size() - 1));
        }
        return levels.get(zoom);
    }

    /** All levels, z = 0 first. */
    public List<ZoomLevel> levels() {
        return levels;
    }
}
