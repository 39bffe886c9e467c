package org.hisscube.science.hdf5;

import java.util.Arrays;
import java.util.Objects;
import org.hisscube.science.healpix.Healpix;
import org.hisscube.science.wcs.TanWcs;

/**
 * The HEALPix cells (NESTED) that an image covers.
 *
 * <p><b>Rule.</b> The image is the closed region F of the sky bounded by its outer pixel edges, 0-based
 * x ∈ [−0.5, NAXIS1 − 0.5], y ∈ [−0.5, NAXIS2 − 0.5]; its boundary ∂F is four great-circle arcs (the TAN
 * projection maps straight pixel lines to great circles). A cell is listed when
 * <ol>
 *   <li>it overlaps one of the discs of radius r centred on points sampled along ∂F every
 *       {@value #BOUNDARY_STEP_PIXELS} pixels (corners included), r being half the largest angular gap between
 *       consecutive samples, so the discs cover ∂F completely; the discs are queried with
 *       {@link Healpix#queryDiscInclusive(int, double, double, double, int)}, which never misses an overlapping
 *       cell (all discs in one {@link Healpix#queryDiscsInclusive} call: the same cells, faster); or</li>
 *   <li>its centre lies on the image ({@link TanWcs#contains}); candidates come from a disc around the image centre
 *       that reaches its farthest corner.</li>
 * </ol>
 * <b>Completeness</b> (the cell of every on-image position is listed): a cell that meets F either meets ∂F — and
 * then overlaps one of the covering discs (1) — or lies entirely inside F, being connected, and then its centre is on
 * the image (2).
 *
 * <p><b>Precision</b>: a listed cell comes within r + ε of the image, where r ≈ {@value #BOUNDARY_STEP_PIXELS}/2
 * pixels (1.6″ for SDSS's 0.396″ pixels) and ε is the largest pixel radius at order + {@value #EXTRA_ORDERS} (a few
 * arcseconds at order 10) — so a cell may be listed that only passes within a few arcseconds of the image edge
 * (the cells are 3.4′ wide at order 10; on the real r frame the farthest listed cell comes within 3.1″, 23 cells).
 * Cutouts must still check the pixel bounds.
 *
 * <p>Deterministic; the result is sorted ascending and has no duplicates.
 */
public final class FrameFootprint {
    /** The order of the cells listed in image segments (nside 1024, cells ≈ 3.4′). */
    public static final int DEFAULT_ORDER = 10;
    /** Spacing, in pixels, of the samples along the image boundary. */
    public static final int BOUNDARY_STEP_PIXELS = 8;
    /** Extra orders of the inclusive disc queries (precision of the "overlaps the disc" test). */
    public static final int EXTRA_ORDERS = 6;

    private FrameFootprint() {
    }

    /** The order-{@value #DEFAULT_ORDER} NESTED cells the image of this WCS covers (see the class comment). */
    public static long[] healpixCells(TanWcs wcs) {
        return healpixCells(wcs, DEFAULT_ORDER);
    }

    /**
     * The NESTED cells at {@code order} that the image of this WCS covers (see the class comment), sorted.
     *
     * @param order 0..{@value Healpix#MAX_ORDER}
     */
    public static long[] healpixCells(TanWcs wcs, int order) {
        Objects.requireNonNull(wcs, "wcs");
        if (order < 0 || order > Healpix.MAX_ORDER) {
            throw new IllegalArgumentException("HEALPix order must be 0.." + Healpix.MAX_ORDER + ": " + order);
        }
        int extra = Math.min(EXTRA_ORDERS, Healpix.MAX_ORDER - order);
        double x0 = -0.5;
        double y0 = -0.5;
        double x1 = wcs.naxis1() - 0.5;
        double y1 = wcs.naxis2() - 0.5;

        // (1) Boundary: closed polygon x0,y0 -> x1,y0 -> x1,y1 -> x0,y1 -> back, sampled every BOUNDARY_STEP_PIXELS.
        double[][] corners = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
        int total = 0;
        int[] steps = new int[4];
        for (int e = 0; e < 4; e++) {
            double[] a = corners[e];
            double[] b = corners[(e + 1) % 4];
            double len = Math.abs(b[0] - a[0]) + Math.abs(b[1] - a[1]);
            steps[e] = Math.max(1, (int) Math.ceil(len / BOUNDARY_STEP_PIXELS));
            total += steps[e];
        }
        double[][] samples = new double[total][]; // unit vectors
        double[][] radec = new double[total][];
        int k = 0;
        for (int e = 0; e < 4; e++) {
            double[] a = corners[e];
            double[] b = corners[(e + 1) % 4];
            for (int i = 0; i < steps[e]; i++) {
                double t = (double) i / steps[e];
                double[] w = wcs.pixelToWorld(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
                radec[k] = w;
                samples[k] = unit(w[0], w[1]);
                k++;
            }
        }
        double maxGap = 0;
        for (int i = 0; i < total; i++) {
            maxGap = Math.max(maxGap, angle(samples[i], samples[(i + 1) % total]));
        }
        // The great-circle arc between neighbours is within gap/2 of one of them; pad for rounding.
        double r = 0.5 * maxGap * (1 + 1e-9) + 1e-12;

        LongCollector cells = new LongCollector();
        double[] ras = new double[total];
        double[] decs = new double[total];
        for (int i = 0; i < total; i++) {
            ras[i] = radec[i][0];
            decs[i] = clampDec(radec[i][1]);
        }
        cells.addAll(Healpix.queryDiscsInclusive(order, ras, decs, r, extra));

        // (2) Interior: cells whose centre is on the image.
        double[] centre = wcs.pixelToWorld(0.5 * (x0 + x1), 0.5 * (y0 + y1));
        double[] c = unit(centre[0], centre[1]);
        double reach = 0;
        for (double[] corner : corners) {
            double[] w = wcs.pixelToWorld(corner[0], corner[1]);
            reach = Math.max(reach, angle(c, unit(w[0], w[1])));
        }
        reach = reach * (1 + 1e-9) + 1e-12;
        for (long cell : Healpix.queryDisc(order, centre[0], clampDec(centre[1]), reach)) {
            double[] w = Healpix.pix2angNest(order, cell);
            double[] xy = wcs.worldToPixel(w[0], w[1]);
            if (!Double.isNaN(xy[0]) && wcs.contains(xy[0], xy[1])) {
                cells.add(cell);
            }
        }
        return cells.sortedDistinct();
    }

    private static double clampDec(double dec) {
        return Math.max(-90.0, Math.min(90.0, dec));
    }

    private static double[] unit(double raDeg, double decDeg) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double cd = Math.cos(dec);
        return new double[] {cd * Math.cos(ra), cd * Math.sin(ra), Math.sin(dec)};
    }

    /** Angle between unit vectors, accurate for small and large angles. */
    private static double angle(double[] a, double[] b) {
        double cx = a[1] * b[2] - a[2] * b[1];
        double cy = a[2] * b[0] - a[0] * b[2];
        double cz = a[0] * b[1] - a[1] * b[0];
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot);
    }

    /** A growable long array. */
    private static final class LongCollector {
        private long[] a = new long[256];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        void addAll(long[] vs) {
            for (long v : vs) {
                add(v);
            }
        }

        long[] sortedDistinct() {
            long[] s = Arrays.copyOf(a, n);
            Arrays.sort(s);
            int m = 0;
            for (int i = 0; i < s.length; i++) {
                if (m == 0 || s[i] != s[m - 1]) {
                    s[m++] = s[i];
                }
            }
            return Arrays.copyOf(s, m);
        }
    }
}
