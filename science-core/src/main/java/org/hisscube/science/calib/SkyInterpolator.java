package org.hisscube.science.calib;

import org.hisscube.science.fits.SkyTable;

/**
 * Bilinear interpolation of the SDSS sky grid ALLSKY at (XINTERP[x], YINTERP[y]), constant beyond the grid's edge
 * (a coordinate below 0 takes grid index 0, one above n - 1 takes index n - 1), as the SDSS data model prescribes
 * ({@code interpolate(allsky, xinterp, yinterp, /grid)} in IDL; a linear spline in scipy).
 *
 * <p>The per-column and per-row indices and weights are computed once. {@link #row(int, double[])} gives a whole image
 * row: the two grid rows it lies between are first spread out to the image columns (once per grid row, not per image
 * row), after which every pixel is the same short arithmetic on plain arrays, which the JIT compiles to SIMD code.
 * {@link #at(int, int)} and {@link #row} evaluate the same float64 expression with the same operands in the same
 * order (first along y, then along x), so they give bitwise the same value.
 *
 * <p>Not thread-safe ({@link #row} keeps the spread-out grid rows): one interpolator per calibration.
 */
public final class SkyInterpolator {
    private final int cols;
    private final double[] grid; // row-major [row * cols + col]
    private final int[] x0;
    private final int[] x1;
    private final double[] wx;
    private final int[] y0;
    private final int[] y1;
    private final double[] wy;
    /** 1 - wx[x], as {@link #at} computes it. */
    private final double[] wx1;
    /** Grid rows spread out to image columns for {@link #row}: [k][x] = grid[rowK * cols + x0[x]] and x1[x]. */
    private final double[][] spread0 = new double[2][];
    private final double[][] spread1 = new double[2][];
    private final int[] spreadRow = {-1, -1};

    public SkyInterpolator(SkyTable sky) {
        this.cols = sky.cols();
        int rows = sky.rows();
        this.grid = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                grid[r * cols + c] = sky.allSky(r, c);
            }
        }
        int width = sky.width();
        int height = sky.height();
        x0 = new int[width];
        x1 = new int[width];
        wx = new double[width];
        wx1 = new double[width];
        for (int x = 0; x < width; x++) {
            axis(sky.xInterp(x), cols, x, x0, x1, wx);
            wx1[x] = 1.0 - wx[x];
        }
        y0 = new int[height];
        y1 = new int[height];
        wy = new double[height];
        for (int y = 0; y < height; y++) {
            axis(sky.yInterp(y), rows, y, y0, y1, wy);
        }
    }

    private static void axis(double c, int n, int k, int[] i0, int[] i1, double[] w) {
        if (!(c > 0) || n == 1) {
            i0[k] = 0;
            i1[k] = 0;
            w[k] = 0;
        } else if (c >= n - 1) {
            i0[k] = n - 1;
            i1[k] = n - 1;
            w[k] = 0;
        } else {
            int i = (int) Math.floor(c);
            i0[k] = i;
            i1[k] = i + 1;
            w[k] = c - i;
        }
    }

    /**
     * The sky [counts] along image row y: out[x] = {@link #at(int, int) at(x, y)} bit for bit, for x = 0 .. width-1.
     */
    public void row(int y, double[] out) {
        int a = y0[y];
        int b = y1[y];
        if (spreadRow[0] != a && spreadRow[1] == a) {
            swapSlots(); // going down the image, the lower grid row becomes the upper one
        }
        spread(0, a);
        spread(1, b);
        double[] a0 = spread0[0];
        double[] a1 = spread1[0];
        double[] b0 = spread0[1];
        double[] b1 = spread1[1];
        double[] u = wx;
        double[] u1 = wx1;
        double t = wy[y];
        double s = 1.0 - t;
        for (int x = 0; x < x0.length; x++) {
            out[x] = u1[x] * (s * a0[x] + t * b0[x]) + u[x] * (s * a1[x] + t * b1[x]);
        }
    }

    /** Puts grid row r, spread out to image columns, in slot k: spread0[k][x] = grid[r][x0[x]], spread1: x1[x]. */
    private void spread(int k, int r) {
        if (spreadRow[k] == r) {
            return;
        }
        if (spread0[k] == null) {
            spread0[k] = new double[x0.length];
            spread1[k] = new double[x0.length];
        }
        double[] s0 = spread0[k];
        double[] s1 = spread1[k];
        int base = r * cols;
        for (int x = 0; x < s0.length; x++) {
            s0[x] = grid[base + x0[x]];
            s1[x] = grid[base + x1[x]];
        }
        spreadRow[k] = r;
    }

    private void swapSlots() {
        double[] t0 = spread0[0];
        double[] t1 = spread1[0];
        int r = spreadRow[0];
        spread0[0] = spread0[1];
        spread1[0] = spread1[1];
        spreadRow[0] = spreadRow[1];
        spread0[1] = t0;
        spread1[1] = t1;
        spreadRow[1] = r;
    }

    /** The sky [counts] at image pixel (x, y). */
    public double at(int x, int y) {
        int a = y0[y] * cols;
        int b = y1[y] * cols;
        double t = wy[y];
        double s = 1.0 - t;
        double left = s * grid[a + x0[x]] + t * grid[b + x0[x]];
        double right = s * grid[a + x1[x]] + t * grid[b + x1[x]];
        double u = wx[x];
        return (1.0 - u) * left + u * right;
    }
}
