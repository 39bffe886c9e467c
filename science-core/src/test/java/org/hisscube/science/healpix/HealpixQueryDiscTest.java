package org.hisscube.science.healpix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Disc queries against healpy 1.16.1 golden values (nside 1024, radius 8 arcmin) and brute-force checks.
 *
 * <p>healpy's {@code inclusive=True, fact=2**16} list is the (practically exact) set of pixels overlapping the disc;
 * its default {@code fact=4} list adds pixels that merely come close.
 */
class HealpixQueryDiscTest {

    private static final int ORDER = 10;
    private static final double RADIUS = Math.toRadians(8.0 / 60.0);

    private record GoldenDisc(int i, double ra, double dec, long[] fact4, long[] fact65536, long[] exclusive) {
    }

    private static List<GoldenDisc> golden() throws IOException {
        JsonNode root;
        try (InputStream in = HealpixQueryDiscTest.class.getResourceAsStream("/reference/healpix_query_disc_20.json")) {
            assertThat(in).as("golden JSON on the test classpath").isNotNull();
            root = new ObjectMapper().readTree(in);
        }
        assertThat(root.get("description").asText()).contains("nside=1024").contains("radius=radians(8/60)");
        List<GoldenDisc> discs = new ArrayList<>();
        for (JsonNode p : root.get("points")) {
            discs.add(new GoldenDisc(p.get("i").asInt(), p.get("ra").asDouble(), p.get("dec").asDouble(),
                    ids(p.get("inclusive_fact4(default)")), ids(p.get("inclusive_fact65536(HiSS-Cube call)")),
                    ids(p.get("non_inclusive"))));
        }
        assertThat(discs).hasSize(20);
        return discs;
    }

    private static long[] ids(JsonNode array) {
        assertThat(array).as("id list").isNotNull();
        long[] ids = new long[array.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = array.get(k).asLong();
        }
        return ids;
    }

    @Test
    void shouldMatchHealpyNonInclusiveDiscExactlyForAll20Points() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (GoldenDisc d : golden()) {
            soft.assertThat(Healpix.queryDisc(ORDER, d.ra(), d.dec(), RADIUS)).as("point %d", d.i())
                    .containsExactly(d.exclusive());
        }
        soft.assertAll();
    }

    @Test
    void shouldContainEveryOverlappingPixelInTheDefaultInclusiveDisc() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (GoldenDisc d : golden()) {
            long[] mine = Healpix.queryDiscInclusive(ORDER, d.ra(), d.dec(), RADIUS);
            soft.assertThat(mine).as("point %d contains the exact overlap set", d.i()).contains(d.fact65536());
            soft.assertThat(mine).as("point %d contains its centre-inside set", d.i()).contains(d.exclusive());
        }
        soft.assertAll();
    }

    @Test
    void shouldMatchHealpyDefaultInclusiveDiscWithFactorFour() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (GoldenDisc d : golden()) {
            soft.assertThat(Healpix.queryDiscInclusive(ORDER, d.ra(), d.dec(), RADIUS)).as("point %d", d.i())
                    .containsExactly(d.fact4());
        }
        soft.assertAll();
    }

    @Test
    void shouldMatchHealpyInclusiveDiscWithFactor65536AsUsedByHissCube() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (GoldenDisc d : golden()) {
            soft.assertThat(Healpix.queryDiscInclusive(ORDER, d.ra(), d.dec(), RADIUS, 16)).as("point %d", d.i())
                    .containsExactly(d.fact65536());
        }
        soft.assertAll();
    }

    @Test
    void shouldReturnPixelsWithCentresInsideTheDiscComparedWithBruteForce() {
        SplittableRandom random = new SplittableRandom(11L);
        int order = 5;
        long npix = Healpix.npix(order);
        double[][] centres = new double[(int) npix][];
        for (int p = 0; p < npix; p++) {
            centres[p] = Healpix.pix2angNest(order, p);
        }
        for (int n = 0; n < 200; n++) {
            double ra = random.nextDouble(360.0);
            double dec = Math.toDegrees(Math.asin(random.nextDouble(-1.0, 1.0)));
            double radius = random.nextDouble(0.5);
            long[] mine = Healpix.queryDisc(order, ra, dec, radius);
            Set<Long> expected = new HashSet<>();
            Set<Long> ambiguous = new HashSet<>(); // centre within 1e-12 rad of the edge
            for (int p = 0; p < npix; p++) {
                double dist = HealpixTest.angularDistance(ra, dec, centres[p][0], centres[p][1]);
                if (Math.abs(dist - radius) < 1e-12) {
                    ambiguous.add((long) p);
                } else if (dist < radius) {
                    expected.add((long) p);
                }
            }
            Set<Long> actual = new HashSet<>();
            for (long p : mine) {
                actual.add(p);
            }
            actual.removeAll(ambiguous);
            assertThat(actual).as("disc %d at (%s, %s) r=%s", n, ra, dec, radius).isEqualTo(expected);
        }
    }

    @Test
    void shouldNeverMissAPixelThatContainsAPointOfTheDisc() {
        SplittableRandom random = new SplittableRandom(12L);
        for (int order : new int[] {3, 8, 14, 22}) {
            for (int n = 0; n < 60; n++) {
                double ra = random.nextDouble(360.0);
                double dec = n < 4 ? (n % 2 == 0 ? 90 - 1e-7 : -90) : Math.toDegrees(Math.asin(random.nextDouble(-1.0, 1.0)));
                // radii of 1 to 10 pixels
                double radius = Healpix.maxPixelRadiusRad(order) * random.nextDouble(1.0, 10.0);
                long[] inclusive = Healpix.queryDiscInclusive(order, ra, dec, radius);
                long[] exclusive = Healpix.queryDisc(order, ra, dec, radius);
                assertThat(inclusive).isSorted().doesNotHaveDuplicates().contains(exclusive);
                assertThat(exclusive).isSorted().doesNotHaveDuplicates();
                // sample points inside the disc, densest near its edge
                for (int s = 0; s < 400; s++) {
                    double[] q = pointAt(ra, dec, radius * Math.sqrt(random.nextDouble(0.0, 1.0)) * 0.999999,
                            random.nextDouble(2 * Math.PI));
                    long pix = Healpix.ang2pixNest(order, q[0], q[1]);
                    assertThat(Arrays.binarySearch(inclusive, pix)).as("order %d disc %d point %s, %s", order, n,
                            q[0], q[1]).isGreaterThanOrEqualTo(0);
                }
            }
        }
    }

    @Test
    void shouldGetCloserToTheExactOverlapWithMoreExtraOrders() {
        double ra = 38.301802;
        double dec = -0.13391571;
        long[] previous = null;
        for (int extra = 0; extra <= 8; extra++) {
            long[] set = Healpix.queryDiscInclusive(ORDER, ra, dec, RADIUS, extra);
            if (previous != null) {
                assertThat(previous).contains(set);
            }
            previous = set;
        }
    }

    @Test
    void shouldReturnTheWholeSkyForRadiusPiAndNothingBeyondTheFacesForRadiusZero() {
        assertThat(Healpix.queryDisc(2, 10, 10, Math.PI)).containsExactly(LongStream.range(0, 192).toArray());
        assertThat(Healpix.queryDiscInclusive(2, 10, 10, 3.5)).containsExactly(LongStream.range(0, 192).toArray());
        long[] nearly = Healpix.queryDiscInclusive(3, 123, -45, Math.PI - 0.01);
        assertThat(nearly).isSorted().doesNotHaveDuplicates().hasSize(768);
        assertThat(Healpix.queryDisc(10, 10, 10, 0.0)).isEmpty();
        assertThat(Healpix.queryDiscInclusive(10, 10, 10, 0.0))
                .containsExactly(Healpix.ang2pixNest(10, 10, 10));
    }

    @Test
    void shouldGiveForManyDiscsExactlyTheUnionOfTheSingleQueries() {
        SplittableRandom random = new SplittableRandom(21L);
        for (int n = 0; n < 120; n++) {
            int order = random.nextInt(13);
            int extra = random.nextInt(Math.min(7, Healpix.MAX_ORDER - order) + 1);
            double radius = Math.pow(10, random.nextDouble(-6.5, -1.5));
            // a chain of discs, as along the edge of an image; some around a pole
            int k = 1 + random.nextInt(40);
            double ra0 = random.nextDouble(360.0);
            double dec0 = n % 10 == 0 ? (n % 20 == 0 ? 89.99 : -89.99)
                    : Math.toDegrees(Math.asin(random.nextDouble(-1.0, 1.0)));
            double step = Math.pow(10, random.nextDouble(-4.0, -1.0));
            double[] ras = new double[k];
            double[] decs = new double[k];
            Set<Long> union = new TreeSet<>();
            for (int i = 0; i < k; i++) {
                ras[i] = ((ra0 + i * step * random.nextDouble(-0.3, 0.7)) % 360 + 360) % 360;
                decs[i] = Math.max(-90, Math.min(90, dec0 + i * step * random.nextDouble(-0.5, 0.5)));
                for (long p : Healpix.queryDiscInclusive(order, ras[i], decs[i], radius, extra)) {
                    union.add(p);
                }
            }
            assertThat(Healpix.queryDiscsInclusive(order, ras, decs, radius, extra)).as("batch %d", n)
                    .containsExactly(union.stream().mapToLong(Long::longValue).toArray());
        }
        assertThat(Healpix.queryDiscsInclusive(10, new double[0], new double[0], 1e-3, 6)).isEmpty();
        assertThatThrownBy(() -> Healpix.queryDiscsInclusive(10, new double[2], new double[1], 1e-3, 6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectInvalidDiscArguments() {
        assertThatThrownBy(() -> Healpix.queryDisc(30, 0, 0, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.queryDisc(5, 0, 95, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.queryDisc(5, 0, 0, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.queryDisc(5, 0, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.queryDiscInclusive(20, 0, 0, 0.1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.queryDiscInclusive(20, 0, 0, 0.1, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.queryDisc(29, 0, 0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The point at angular distance {@code dist} (rad) from (ra, dec) towards position angle {@code pa}. */
    private static double[] pointAt(double raDeg, double decDeg, double dist, double pa) {
        double d1 = Math.toRadians(decDeg);
        double sinD2 = Math.sin(d1) * Math.cos(dist) + Math.cos(d1) * Math.sin(dist) * Math.cos(pa);
        double d2 = Math.asin(Math.max(-1, Math.min(1, sinD2)));
        double dl = Math.atan2(Math.sin(pa) * Math.sin(dist) * Math.cos(d1), Math.cos(dist) - Math.sin(d1) * sinD2);
        double ra2 = Math.toDegrees(Math.toRadians(raDeg) + dl);
        return new double[] {((ra2 % 360) + 360) % 360, Math.toDegrees(d2)};
    }
}
