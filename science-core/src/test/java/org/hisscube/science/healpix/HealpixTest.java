package org.hisscube.science.healpix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Angle ⇄ pixel and NESTED ⇄ RING against healpy 1.16.1 golden values, plus self-consistency properties. */
class HealpixTest {

    private static final int[] GOLDEN_ORDERS = {0, 5, 10, 15, 19};

    /** One row of healpix_ang2pix_200.csv: nested ids then ring ids at {@link #GOLDEN_ORDERS}. */
    private record GoldenPoint(int i, double ra, double dec, long[] nest, long[] ring) {
    }

    private static List<GoldenPoint> golden() throws IOException {
        List<GoldenPoint> points = new ArrayList<>();
        try (InputStream in = HealpixTest.class.getResourceAsStream("/reference/healpix_ang2pix_200.csv")) {
            assertThat(in).as("golden CSV on the test classpath").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            assertThat(header).isEqualTo("i,ra,dec,nest_o0,nest_o5,nest_o10,nest_o15,nest_o19,"
                    + "ring_o0,ring_o5,ring_o10,ring_o15,ring_o19");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                long[] nest = new long[5];
                long[] ring = new long[5];
                for (int k = 0; k < 5; k++) {
                    nest[k] = Long.parseLong(f[3 + k]);
                    ring[k] = Long.parseLong(f[8 + k]);
                }
                points.add(new GoldenPoint(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), nest, ring));
            }
        }
        return points;
    }

    @Test
    void shouldMatchHealpyNestedIdsAtAllOrdersForAll200Points() throws IOException {
        List<GoldenPoint> points = golden();
        assertThat(points).hasSize(200);
        SoftAssertions soft = new SoftAssertions();
        for (GoldenPoint p : points) {
            for (int k = 0; k < GOLDEN_ORDERS.length; k++) {
                soft.assertThat(Healpix.ang2pixNest(GOLDEN_ORDERS[k], p.ra(), p.dec()))
                        .as("point %d (ra %s, dec %s) order %d", p.i(), p.ra(), p.dec(), GOLDEN_ORDERS[k])
                        .isEqualTo(p.nest()[k]);
            }
        }
        soft.assertAll();
    }

    @Test
    void shouldMatchHealpyRingIdsAtAllOrdersForAll200Points() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (GoldenPoint p : golden()) {
            for (int k = 0; k < GOLDEN_ORDERS.length; k++) {
                int order = GOLDEN_ORDERS[k];
                soft.assertThat(Healpix.nestToRing(order, p.nest()[k]))
                        .as("nestToRing point %d order %d", p.i(), order).isEqualTo(p.ring()[k]);
                soft.assertThat(Healpix.ringToNest(order, p.ring()[k]))
                        .as("ringToNest point %d order %d", p.i(), order).isEqualTo(p.nest()[k]);
            }
        }
        soft.assertAll();
    }

    @Test
    void shouldPlaceKnownSdssStarInExpectedPixels() {
        assertThat(Healpix.ang2pixNest(10, 38.301802, -0.13391571)).isEqualTo(4547977L);
        assertThat(Healpix.ang2pixNest(15, 38.301802, -0.13391571)).isEqualTo(4657128951L);
    }

    @Test
    void shouldMapPolesToTheFaceCornersAtEveryOrder() {
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            long npface = 1L << (2 * order);
            // north pole: the last (north-most) pixel of face 0 (phi = 0 lies in face 0)
            assertThat(Healpix.ang2pixNest(order, 0, 90)).isEqualTo(npface - 1);
            assertThat(Healpix.ang2pixNest(order, 359.0, 90)).isEqualTo(4 * npface - 1);
            // south pole: the first (south-most) pixel of face 8 .. 11
            assertThat(Healpix.ang2pixNest(order, 0, -90)).isEqualTo(8 * npface);
            assertThat(Healpix.ang2pixNest(order, 300, -90)).isEqualTo(11 * npface);
        }
    }

    @Test
    void shouldNormaliseRightAscensionIntoZeroTo360() {
        for (int order : new int[] {0, 10, 19, 29}) {
            assertThat(Healpix.ang2pixNest(order, 360.0, 12.5)).isEqualTo(Healpix.ang2pixNest(order, 0.0, 12.5));
            assertThat(Healpix.ang2pixNest(order, -0.0, -3.0)).isEqualTo(Healpix.ang2pixNest(order, 0.0, -3.0));
            assertThat(Healpix.ang2pixNest(order, -90.0, 30.0)).isEqualTo(Healpix.ang2pixNest(order, 270.0, 30.0));
            assertThat(Healpix.ang2pixNest(order, 720.0 + 38.5, 1.0))
                    .isEqualTo(Healpix.ang2pixNest(order, 38.5, 1.0));
            assertThat(Healpix.ang2pixNest(order, -1e-300, 5.0)).isEqualTo(Healpix.ang2pixNest(order, 0.0, 5.0));
        }
    }

    @Test
    void shouldRejectInvalidArguments() {
        assertThatThrownBy(() -> Healpix.ang2pixNest(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(30, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(10, 0, 90.0000001))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(10, 0, -91)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(10, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(10, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(10, Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.pix2angNest(0, 12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.pix2angNest(3, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.nestToRing(1, 48)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ringToNest(30, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReturnPixelCentresThatMapBackToTheSamePixelAtEveryOrder() {
        SplittableRandom random = new SplittableRandom(20240611L);
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            long npix = Healpix.npix(order);
            for (int n = 0; n < 2000; n++) {
                long pix = n < 12 ? n * (npix / 12) : random.nextLong(npix);
                double[] c = Healpix.pix2angNest(order, pix);
                assertThat(c[0]).isBetween(0.0, 360.0).isLessThan(360.0);
                assertThat(c[1]).isBetween(-90.0, 90.0);
                assertThat(Healpix.ang2pixNest(order, c[0], c[1])).as("order %d pixel %d", order, pix)
                        .isEqualTo(pix);
            }
        }
    }

    @Test
    void shouldKeepEveryPointWithinTheMaximumPixelRadiusOfItsPixelCentre() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int order = 0; order <= 19; order++) {
            double maxRadius = Healpix.maxPixelRadiusRad(order);
            for (int n = 0; n < 3000; n++) {
                double ra = random.nextDouble(360.0);
                double dec = Math.toDegrees(Math.asin(random.nextDouble(-1.0, 1.0)));
                double[] c = Healpix.pix2angNest(order, Healpix.ang2pixNest(order, ra, dec));
                assertThat(angularDistance(ra, dec, c[0], c[1])).as("order %d ra %s dec %s", order, ra, dec)
                        .isLessThanOrEqualTo(maxRadius * (1 + 1e-9));
            }
        }
    }

    @Test
    void shouldShrinkTheMaximumPixelRadiusByHalfPerOrder() {
        // at high order the pixels are nearly flat: the radius halves with each order
        for (int order = 10; order < Healpix.MAX_ORDER; order++) {
            assertThat(Healpix.maxPixelRadiusRad(order + 1) / Healpix.maxPixelRadiusRad(order))
                    .isCloseTo(0.5, within(1e-3));
        }
        // an equal-area pixel of 4 pi / npix sr can't have a radius below that of a disc of the same area
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            double area = 4 * Math.PI / Healpix.npix(order);
            assertThat(Healpix.maxPixelRadiusRad(order)).isGreaterThan(Math.sqrt(area / Math.PI) * 0.99);
        }
    }

    @Test
    void shouldMapNestToRingBijectivelyAtLowOrders() {
        for (int order = 0; order <= 5; order++) {
            long npix = Healpix.npix(order);
            boolean[] seen = new boolean[(int) npix];
            for (long nest = 0; nest < npix; nest++) {
                long ring = Healpix.nestToRing(order, nest);
                assertThat(ring).isBetween(0L, npix - 1);
                assertThat(seen[(int) ring]).as("ring %d hit twice at order %d", ring, order).isFalse();
                seen[(int) ring] = true;
                assertThat(Healpix.ringToNest(order, ring)).isEqualTo(nest);
            }
        }
    }

    @Test
    void shouldNumberRingPixelsFromNorthToSouthAndEastwardsWithinARing() {
        for (int order = 0; order <= 4; order++) {
            long npix = Healpix.npix(order);
            double prevDec = 91;
            double prevRa = -1;
            for (long ring = 0; ring < npix; ring++) {
                double[] c = Healpix.pix2angNest(order, Healpix.ringToNest(order, ring));
                if (c[1] < prevDec - 1e-9) {
                    prevDec = c[1];
                    prevRa = -1;
                }
                assertThat(c[1]).as("order %d ring pixel %d", order, ring).isCloseTo(prevDec, within(1e-9));
                assertThat(c[0]).as("order %d ring pixel %d", order, ring).isGreaterThan(prevRa);
                prevRa = c[0];
            }
        }
    }

    @Test
    void shouldRoundTripNestAndRingAtHighOrders() {
        SplittableRandom random = new SplittableRandom(99L);
        for (int order = 6; order <= Healpix.MAX_ORDER; order++) {
            long npix = Healpix.npix(order);
            long[] edgeCases = {0, 1, npix / 12 - 1, npix / 2, npix - 1, npix - 2, 2 * (1L << order) - 1,
                    2 * (1L << order) * ((1L << order) - 1), npix - 2 * (1L << order) * ((1L << order) - 1) - 1};
            for (long pix : edgeCases) {
                assertThat(Healpix.ringToNest(order, Healpix.nestToRing(order, pix))).isEqualTo(pix);
                assertThat(Healpix.nestToRing(order, Healpix.ringToNest(order, pix))).isEqualTo(pix);
            }
            for (int n = 0; n < 5000; n++) {
                long pix = random.nextLong(npix);
                assertThat(Healpix.ringToNest(order, Healpix.nestToRing(order, pix))).isEqualTo(pix);
                assertThat(Healpix.nestToRing(order, Healpix.ringToNest(order, pix))).isEqualTo(pix);
            }
        }
    }

    @Test
    void shouldKeepChildrenInsideTheirParentPixel() {
        SplittableRandom random = new SplittableRandom(3L);
        for (int n = 0; n < 20000; n++) {
            double ra = random.nextDouble(360.0);
            double dec = Math.toDegrees(Math.asin(random.nextDouble(-1.0, 1.0)));
            // (order 24 keeps float64 rounding, ~1e-16 of a face, far below a pixel)
            int deepOrder = 24;
            long deep = Healpix.ang2pixNest(deepOrder, ra, dec);
            for (int order = 0; order < deepOrder; order += 3) {
                assertThat(Healpix.ang2pixNest(order, ra, dec)).isEqualTo(deep >>> (2 * (deepOrder - order)));
            }
        }
    }

    static double angularDistance(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double dl = Math.toRadians(ra2 - ra1);
        double h = Math.pow(Math.sin((p2 - p1) / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
        return 2 * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }
}
