package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.hisscube.science.healpix.Healpix;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameFootprintTest {
    static TanWcs rWcs;

    @BeforeAll
    static void readTheRealRFrameWcs() {
        rWcs = org.hisscube.science.fits.TestFrames.frame(org.hisscube.science.fits.TestFrames.R_FRAME).wcs();
    }

    /** An SDSS-sized frame (0.396"/pixel) rotated by {@code rotDeg}, centred at (ra, dec). */
    static TanWcs sdssLike(double ra, double dec, double rotDeg) {
        double s = 0.396 / 3600;
        double c = Math.cos(Math.toRadians(rotDeg));
        double n = Math.sin(Math.toRadians(rotDeg));
        return new TanWcs(ra, dec, 1024.5, 745.0, -s * c, s * n, s * n, s * c, 2048, 1489);
    }

    static Set<Long> set(long[] cells) {
        Set<Long> s = new HashSet<>();
        for (long c : cells) {
            s.add(c);
        }
        return s;
    }

    /**
     * Every on-frame position — a grid every {@code step} pixels, and the outer pixel edges (the frame's boundary)
     * every 0.05 pixel — falls in a listed cell.
     */
    static void assertCoversEveryOnFramePosition(TanWcs wcs, int order, int step) {
        long[] cells = FrameFootprint.healpixCells(wcs, order);
        assertThat(cells).isSorted().doesNotHaveDuplicates();
        Set<Long> listed = set(cells);
        double x1 = wcs.naxis1() - 0.5;
        double y1 = wcs.naxis2() - 0.5;
        for (double y = -0.5; y <= y1; y += step) {
            for (double x = -0.5; x <= x1; x += step) {
                assertListed(wcs, order, listed, x, y);
            }
        }
        for (double t = -0.5; t <= x1; t += 0.05) {
            assertListed(wcs, order, listed, t, -0.5);
            assertListed(wcs, order, listed, t, y1);
        }
        for (double t = -0.5; t <= y1; t += 0.05) {
            assertListed(wcs, order, listed, -0.5, t);
            assertListed(wcs, order, listed, x1, t);
        }
        assertListed(wcs, order, listed, x1, y1);
    }

    static void assertListed(TanWcs wcs, int order, Set<Long> listed, double x, double y) {
        double[] w = wcs.pixelToWorld(x, y);
        long cell = Healpix.ang2pixNest(order, w[0], w[1]);
        if (!listed.contains(cell)) {
            throw new AssertionError("on-frame position (" + x + ", " + y + ") = " + Arrays.toString(w)
                    + " is in cell " + cell + " (order " + order + "), not listed");
        }
    }

    /** Largest distance, in pixels, from the frame to the nearest sub-cell centre of a listed cell. */
    static double worstListedCellDistancePixels(TanWcs wcs, int order, int subOrders) {
        double worst = 0;
        double x1 = wcs.naxis1() - 0.5;
        double y1 = wcs.naxis2() - 0.5;
        int shift = 2 * subOrders;
        for (long cell : FrameFootprint.healpixCells(wcs, order)) {
            double best = Double.POSITIVE_INFINITY;
            for (long sub = cell << shift; sub < (cell + 1) << shift && best > 0; sub++) {
                double[] w = Healpix.pix2angNest(order + subOrders, sub);
                double[] xy = wcs.worldToPixel(w[0], w[1]);
                if (Double.isNaN(xy[0])) {
                    continue;
                }
                double dx = Math.max(0, Math.max(-0.5 - xy[0], xy[0] - x1));
                double dy = Math.max(0, Math.max(-0.5 - xy[1], xy[1] - y1));
                best = Math.min(best, Math.hypot(dx, dy));
            }
            worst = Math.max(worst, best);
        }
        return worst;
    }

    @Test
    void shouldListTheCellOfTheFStarOnTheRealRFrame() {
        long[] cells = FrameFootprint.healpixCells(rWcs);
        assertThat(Healpix.ang2pixNest(10, 38.301802, -0.13391571)).isEqualTo(4547977L);
        assertThat(cells).contains(4547977L).isSorted().doesNotHaveDuplicates();
        assertThat(FrameFootprint.healpixCells(rWcs, 10)).containsExactly(cells);
    }

    @Test
    void shouldIncludeTheCellOfEveryOnFramePositionOfTheRealRFrame() {
        assertCoversEveryOnFramePosition(rWcs, 10, 2);
        assertCoversEveryOnFramePosition(rWcs, 13, 2);
        assertCoversEveryOnFramePosition(rWcs, 6, 8);
        assertThat(FrameFootprint.healpixCells(rWcs, 0)).hasSize(1);
    }

    @Test
    void shouldIncludeTheCellOfEveryOnFramePositionAcrossRaZeroAndAroundThePole() {
        TanWcs acrossRaZero = sdssLike(0.02, 1.5, 30);
        TanWcs overThePole = sdssLike(123.0, 89.98, 0); // the north pole lies on this frame
        TanWcs south = sdssLike(200.0, -60.0, -75);
        double[] pole = overThePole.worldToPixel(0, 90);
        assertThat(overThePole.contains(pole[0], pole[1])).isTrue();
        for (TanWcs w : new TanWcs[] {acrossRaZero, overThePole, south}) {
            assertCoversEveryOnFramePosition(w, 10, 4);
            assertCoversEveryOnFramePosition(w, 12, 4);
        }
        assertThat(FrameFootprint.healpixCells(overThePole, 10)).contains(Healpix.ang2pixNest(10, 0, 90));
    }

    @Test
    void shouldOnlyListCellsThatComeWithinAFewArcsecondsOfTheFrame() {
        // order-16 sub-cells are ~3.2" apart, so a touching cell has one within ~6 pixels of the frame; the rule
        // adds at most ~4" (~10 pixels). 20 pixels = 8", against 3.4' (~520 pixel) cells.
        double worst = worstListedCellDistancePixels(rWcs, 10, 6);
        System.out.printf("FrameFootprint order 10: farthest listed cell %.1f pixels (%.1f\") from the r frame%n",
                worst, worst * 0.396);
        assertThat(worst).isLessThan(20);
        assertThat(worstListedCellDistancePixels(sdssLike(0.02, 1.5, 30), 10, 6)).isLessThan(20);
        assertThat(worstListedCellDistancePixels(rWcs, 12, 4)).isLessThan(20);
    }

    /**
     * The same WCS always gives the same cells, and not many more than the frame's area needs: the r frame (13.5' x
     * 9.8') against 3.4' cells touches at most (ceil(13.5/3.4)+2) x (ceil(9.8/3.4)+2) = 30 of them even when
     * rotated against the grid (the class comment reports 23). How long the computation takes is measured by
     * {@code ./hisscube bench ingest}, which runs it for every frame, not by a unit test.
     */
    @Test
    void shouldBeDeterministicAndListOnlyAsManyCellsAsTheFrameCanTouch() {
        long[] first = FrameFootprint.healpixCells(rWcs);
        for (int i = 0; i < 3; i++) {
            assertThat(FrameFootprint.healpixCells(rWcs)).containsExactly(first);
        }
        assertThat(first.length).isBetween(6, 30);
        assertThat(FrameFootprint.healpixCells(sdssLike(0.02, 1.5, 30)).length).isBetween(6, 30);
    }

    @Test
    void shouldRefuseABadOrder() {
        assertThatThrownBy(() -> FrameFootprint.healpixCells(rWcs, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameFootprint.healpixCells(rWcs, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
