package org.hisscube.science.fits;

import java.util.Arrays;

/**
 * HDU 2 of an SDSS frame: the coarse sky grid {@code ALLSKY} [counts] and the positions of every image column and
 * row on that grid ({@code XINTERP}, {@code YINTERP}, in grid units, 0-based).
 *
 * <p>{@code ALLSKY} is indexed {@code [row][col]}: rows run along the image y axis (usually 192 of them, sometimes
 * fewer), columns along x (usually 256). Immutable: accessors of arrays return copies.
 */
public final class SkyTable {
    private final int rows;
    private final int cols;
    private final float[] allSky; // row-major [row * cols + col]
    private final float[] xInterp;
    private final float[] yInterp;

    /**
     * @param allSky the grid as {@code [rows][cols]} (rectangular, all finite)
     * @param xInterp grid x coordinate of each image column
     * @param yInterp grid y coordinate of each image row
     */
    public SkyTable(float[][] allSky, float[] xInterp, float[] yInterp) {
        if (allSky == null || allSky.length == 0 || allSky[0] == null || allSky[0].length == 0) {
            throw new IllegalArgumentException("ALLSKY must have at least one row and one column");
        }
        this.rows = allSky.length;
        this.cols = allSky[0].length;
        this.allSky = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            if (allSky[r] == null || allSky[r].length != cols) {
                throw new IllegalArgumentException("ALLSKY is not rectangular at row " + r);
            }
            System.arraycopy(allSky[r], 0, this.allSky, r * cols, cols);
        }
        this.xInterp = requireFinite(xInterp, "XINTERP").clone();
        this.yInterp = requireFinite(yInterp, "YINTERP").clone();
        requireFinite(this.allSky, "ALLSKY");
    }

    /** Package-private: adopts the arrays without copying (the reader hands over fresh arrays). */
    SkyTable(int rows, int cols, float[] allSkyRowMajor, float[] xInterp, float[] yInterp) {
        this.rows = rows;
        this.cols = cols;
        this.allSky = allSkyRowMajor;
        this.xInterp = xInterp;
        this.yInterp = yInterp;
    }

    private static float[] requireFinite(float[] a, String what) {
        if (a == null || a.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is not finite: " + a[i]);
            }
        }
        return a;
    }

    /** Number of grid rows (along image y), usually 192. */
    public int rows() {
        return rows;
    }

    /** Number of grid columns (along image x), usually 256. */
    public int cols() {
        return cols;
    }

    /** ALLSKY[row][col] in counts (DN). */
    public float allSky(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("ALLSKY[" + row + "][" + col + "] outside " + rows + "x" + cols);
        }
        return allSky[row * cols + col];
    }

    /** A copy of the grid as {@code [rows][cols]}. */
    public float[][] allSkyCopy() {
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(allSky, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** Number of image columns the table describes (length of XINTERP). */
    public int width() {
        return xInterp.length;
    }

    /** Number of image rows the table describes (length of YINTERP). */
    public int height() {
        return yInterp.length;
    }

    public float xInterp(int column) {
        return xInterp[column];
    }

    public float yInterp(int row) {
        return yInterp[row];
    }

    public float[] xInterpCopy() {
        return xInterp.clone();
    }

    public float[] yInterpCopy() {
        return yInterp.clone();
    }

    @Override
    public String toString() {
        return "SkyTable[" + rows + "x" + cols + ", xinterp " + xInterp.length + ", yinterp " + yInterp.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SkyTable s && rows == s.rows && cols == s.cols && Arrays.equals(allSky, s.allSky)
                && Arrays.equals(xInterp, s.xInterp) && Arrays.equals(yInterp, s.yInterp);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(allSky) + Arrays.hashCode(xInterp)) + Arrays.hashCode(yInterp);
    }
}
