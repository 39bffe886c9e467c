package org.hisscube.science.calib;

import org.hisscube.science.fits.SkyTable;

/**
 * Bilinear interpolation of the SDSS sky grid ALLSKY at (XINTERP[x], YINTERP[y]), constant beyond the grid's edge
 * (a coordinate below 0 takes grid index 0, one above n - 1 takes index n - 1), as the SDSS data model prescribes
 * ({@code interpolate(allsky, xinterp, yinterp, /grid)} in IDL; a linear spline in scipy).
 *
 * <p>The per-column and per-row indices and weights are computed once, so the whole image costs one pass along y of
 * the (small) grid per row plus two multiply-adds per pixel. {@link #at(int, int)} and the row path give bitwise the
 * same value.
 */
final class SkyInterpolator {
    private final int cols;
    private final double[] grid; // row-major [row * cols + col]
    private final int[] x0;
    private final int[] x1;
    private final double[] wx;
    private final int[] y0;
    private final int[] y1;
    private final double[] wy;

    SkyInterpolator(SkyTable sky) {
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
        for (int x = 0; x < width; x++) {
            axis(sky.xInterp(x), cols, x, x0, x1, wx);
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

    int gridCols() {
        return cols;
    }

    /** Interpolates along y for image row y: out[col] for every grid column. */
    void rowAlongY(int y, double[] out) {
        int a = y0[y] * cols;
        int b = y1[y] * cols;
        double t = wy[y];
        double s = 1.0 - t;
        for (int c = 0; c < cols; c++) {
            out[c] = s * grid[a + c] + t * grid[b + c];
        }
    }

    /** The sky at image column x on the row whose along-y values are in rowSky (from {@link #rowAlongY}). */
    double at(int x, double[] rowSky) {
        double t = wx[x];
        return (1.0 - t) * rowSky[x0[x]] + t * rowSky[x1[x]];
    }

    /** The sky [counts] at image pixel (x, y). */
    double at(int x, int y) {
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
