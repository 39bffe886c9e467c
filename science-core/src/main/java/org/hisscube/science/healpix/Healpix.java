package org.hisscube.science.healpix;

import java.util.Arrays;

/**
 * HEALPix (Hierarchical Equal Area isoLatitude Pixelization, Górski et al. 2005, ApJ 622, 759) in pure Java:
 * angle to pixel and back in the NESTED scheme, NESTED ⇄ RING renumbering and disc queries.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Resolution is given as an <em>order</em> {@code k} in {@code 0..29}; {@code nside = 2^k},
 *       {@code npix = 12 * nside^2}. Order 29 is the largest for which pixel numbers fit in a {@code long}.</li>
 *   <li>Positions are equatorial (ra, dec) in degrees. The HEALPix colatitude is {@code theta = 90° - dec} and the
 *       longitude {@code phi = ra}. ra is normalised into {@code [0, 360)} (so 360 is 0), dec must lie in
 *       {@code [-90, 90]}.</li>
 *   <li>All arithmetic is float64 and follows the same operation order as the reference HEALPix C++ library used
 *       by healpy, so results agree bit for bit on its golden values, including points exactly on pixel boundaries,
 *       at the poles and at ra = 0/360.</li>
 * </ul>
 *
 * <h2>Geometry in brief</h2>
 * The sphere is split into 12 base pixels ("faces"): four around the north pole (faces 0-3), four on the equator
 * (4-7) and four around the south pole (8-11). Each face is a curvilinear square subdivided into
 * {@code nside x nside} pixels addressed by (ix, iy), ix growing towards the face's east corner and iy towards its
 * west corner (both away from the face's south corner). The NESTED number of a pixel is
 * {@code face * nside^2 + interleave(ix, iy)}, the bits of ix at the even and those of iy at the odd positions, so
 * a pixel's four children at the next order are {@code 4 * pix + 0..3}. The RING number counts pixels along the
 * {@code 4 * nside - 1} iso-latitude rings from north to south, eastwards from phi = 0 within a ring.
 *
 * <p>The class is stateless, allocation-free in {@link #ang2pixNest} and thread safe.
 */
public final class Healpix {

    /** Largest supported order: {@code nside = 2^29}, {@code npix = 12 * 4^29 < 2^63}. */
    public static final int MAX_ORDER = 29;

    /**
     * Extra orders the inclusive disc query descends below the target order by default: 2, i.e. healpy's default
     * oversampling factor {@code fact = 4}.
     */
    public static final int DEFAULT_INCLUSIVE_EXTRA_ORDERS = 2;

    private static final double HALF_PI = 0.5 * Math.PI;
    /** 2/pi, correctly rounded. */
    private static final double TWO_OVER_PI = 0.6366197723675813430755;
    private static final double TWO_THIRDS = 2.0 / 3.0;
    /** Colatitudes closer to a pole than this use sin(theta) rather than 1 - |cos(theta)| (cancellation). */
    private static final double POLE_THETA = 0.01;
    private static final double POLE_THETA_SOUTH = 3.14159 - 0.01;

    /** Results larger than this cannot be returned in one array. */
    private static final long MAX_RESULT = Integer.MAX_VALUE - 16;

    private Healpix() {
    }

    // ------------------------------------------------------------------------------------------------------------
    // Basic quantities
    // ------------------------------------------------------------------------------------------------------------

    /** {@code nside = 2^order}. */
    public static long nside(int order) {
        checkOrder(order);
        return 1L << order;
    }

    /** Number of pixels on the sphere, {@code 12 * 4^order}. */
    public static long npix(int order) {
        checkOrder(order);
        return 12L << (2 * order);
    }

    /**
     * The largest angular distance, in radians, between a pixel centre and any of its corners at this order. It is
     * reached by the pixels of the rings at |z| = 2/3 (centre at z = 2/3, phi = pi / (4 nside); corner on the face
     * edge at phi = 0 one ring step further towards the pole).
     */
    public static double maxPixelRadiusRad(int order) {
        checkOrder(order);
        return MAX_PIXEL_RADIUS_RAD[order];
    }

    /** {@link #maxPixelRadiusRad} of every order, computed once: every disc query needs it for each order it visits. */
    private static final double[] MAX_PIXEL_RADIUS_RAD = new double[MAX_ORDER + 1];

    static {
        for (int order = 0; order <= MAX_ORDER; order++) {
            MAX_PIXEL_RADIUS_RAD[order] = computeMaxPixelRadiusRad(order);
        }
    }

    private static double computeMaxPixelRadiusRad(int order) {
        double nside = 1L << order;
        double z1 = TWO_THIRDS;
        double phi1 = Math.PI / (4 * nside);
        double s = 1.0 - 1.0 / nside;
        double z2 = 1.0 - s * s / 3.0;
        double st1 = Math.sqrt((1 - z1) * (1 + z1));
        double st2 = Math.sqrt((1 - z2) * (1 + z2));
        double ax = st1 * Math.cos(phi1);
        double ay = st1 * Math.sin(phi1);
        double bx = st2; // phi2 = 0
        // angle = atan2(|a x b|, a . b), accurate for small and large angles
        double cx = ay * z2;
        double cy = z1 * bx - ax * z2;
        double cz = -ay * bx;
        double cross = Math.sqrt(cx * cx + cy * cy + cz * cz);
        double dot = ax * bx + z1 * z2;
        return Math.atan2(cross, dot);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Angle <-> pixel
    // ------------------------------------------------------------------------------------------------------------

    /**
     * NESTED pixel containing (ra, dec).
     *
     * @param order  0..29
     * @param raDeg  right ascension in degrees, any finite value (normalised into [0, 360))
     * @param decDeg declination in degrees, [-90, 90]
     * @throws IllegalArgumentException for a bad order, a non-finite ra or a dec outside [-90, 90] (or NaN)
     */
    public static long ang2pixNest(int order, double raDeg, double decDeg) {
        checkOrder(order);
        checkDec(decDeg);
        double theta = HALF_PI - Math.toRadians(decDeg);
        double phi = Math.toRadians(normalizeRa(raDeg));
        double z = Math.cos(theta);
        double za = Math.abs(z);
        long nside = 1L << order;

        double tt = phi * TWO_OVER_PI; // longitude in units of 90°, [0, 4)
        if (tt >= 4.0) {
            tt -= 4.0;
        }

        int face;
        long ix;
        long iy;
        if (za <= TWO_THIRDS) {
            // Equatorial belt: pixel edges are straight lines in (phi, z) with slopes ±; count the ascending edge
            // lines (jp) and descending edge lines (jm) left of the point.
            double a = nside * (0.5 + tt);
            double b = nside * (z * 0.75);
            long jp = (long) (a - b);
            long jm = (long) (a + b);
            long fp = jp >> order; // 0..4, column of the face diagonal
            long fm = jm >> order;
            if (fp == fm) {
                face = (int) (fp | 4); // equatorial face (4 wraps around to face 4)
            } else if (fp < fm) {
                face = (int) fp; // north polar face
            } else {
                face = (int) (fm + 8); // south polar face
            }
            ix = jm & (nside - 1);
            iy = nside - (jp & (nside - 1)) - 1;
        } else {
            // Polar caps: the distance to the pole scales with sqrt(3 (1 - |z|)); near the pole use sin(theta).
            int ntt = Math.min(3, (int) tt);
            double tp = tt - ntt;
            boolean nearPole = theta < POLE_THETA || theta > POLE_THETA_SOUTH;
            double tmp;
            if (za < 0.99 || !nearPole) {
                tmp = nside * Math.sqrt(3 * (1 - za));
            } else {
                tmp = nside * Math.sin(theta) / Math.sqrt((1.0 + za) / 3.0);
            }
            long jp = Math.min((long) (tp * tmp), nside - 1);
            long jm = Math.min((long) ((1.0 - tp) * tmp), nside - 1);
            if (z >= 0) {
                face = ntt;
                ix = nside - jm - 1;
                iy = nside - jp - 1;
            } else {
                face = ntt + 8;
                ix = jp;
                iy = jm;
            }
        }
        return xyf2nest(order, ix, iy, face);
    }

    /**
     * Centre of a NESTED pixel as {ra, dec} in degrees, ra in [0, 360).
     *
     * @throws IllegalArgumentException for a bad order or a pixel number outside [0, npix)
     */
    public static double[] pix2angNest(int order, long pix) {
        checkPix(order, pix);
        double[] zsp = new double[3];
        centreZPhi(order, pix, zsp);
        double dec = Math.toDegrees(Math.atan2(zsp[0], zsp[1]));
        double ra = Math.toDegrees(zsp[2]);
        if (ra >= 360.0) {
            ra -= 360.0;
        }
        return new double[] {ra, dec};
    }

    // ------------------------------------------------------------------------------------------------------------
    // NESTED <-> RING
    // ------------------------------------------------------------------------------------------------------------

    /** RING number of a NESTED pixel. */
    public static long nestToRing(int order, long pix) {
        checkPix(order, pix);
        long nside = 1L << order;
        int face = (int) (pix >>> (2 * order));
        long ipf = pix & ((1L << (2 * order)) - 1);
        long ix = compact(ipf);
        long iy = compact(ipf >>> 1);

        long ring = ringOfFace(face) * nside - ix - iy - 1; // 1 .. 4 nside - 1, from the north
        long nr; // pixels per quadrant in this ring
        long start; // RING number of the first pixel of the ring
        boolean shifted; // whether pixel centres sit at half-integer multiples of pi / (2 nr)
        if (ring < nside) {
            nr = ring;
            start = 2 * ring * (ring - 1);
            shifted = true;
        } else if (ring > 3 * nside) {
            nr = 4 * nside - ring;
            start = npixUnchecked(order) - 2 * nr * (nr + 1);
            shifted = true;
        } else {
            nr = nside;
            start = 2 * nside * (nside - 1) + (ring - nside) * 4 * nside;
            shifted = ((ring - nside) & 1) == 0;
        }
        // Longitude of the centre in units of pi / (4 nr): phi = t * pi / (4 nr) = (2 (j - 1) + shift) * pi / (4 nr).
        long t = phiColumnOfFace(face) * nr + ix - iy;
        if (t < 0) {
            t += 8 * nr;
        }
        long j0 = (t - (shifted ? 1 : 0)) >> 1; // 0-based position in the ring
        return start + j0;
    }

    /** NESTED number of a RING pixel. */
    public static long ringToNest(int order, long pix) {
        checkPix(order, pix);
        long nside = 1L << order;
        long npix = npixUnchecked(order);
        long ncap = 2 * nside * (nside - 1); // pixels in the north polar cap (rings 1 .. nside - 1)

        if (pix < ncap) {
            long ring = capRing(pix);
            long k = pix - 2 * ring * (ring - 1); // 0-based position in the ring (4 ring pixels)
            int q = (int) (k / ring);
            long kq = k - q * ring;
            return xyf2nest(order, nside - ring + kq, nside - 1 - kq, q);
        }
        if (pix >= npix - ncap) {
            long mirrored = npix - 1 - pix;
            long ringFromSouth = capRing(mirrored);
            long start = npix - 2 * ringFromSouth * (ringFromSouth + 1);
            long k = pix - start;
            int q = (int) (k / ringFromSouth);
            long kq = k - q * ringFromSouth;
            return xyf2nest(order, kq, ringFromSouth - 1 - kq, q + 8);
        }
        // Equatorial belt, rings nside .. 3 nside with 4 nside pixels each.
        long ip = pix - ncap;
        long ring = ip / (4 * nside) + nside;
        long j0 = ip % (4 * nside);
        long shift = ((ring - nside) & 1) == 0 ? 1 : 0;
        long t = 2 * j0 + shift; // longitude in units of pi / (4 nside)
        // Edge-line indices of the centre (as in ang2pix, but exact: the centre is half way between two lines).
        long jp = (t + ring - nside - 1) >> 1;
        long jm = (t + 3 * nside - ring - 1) >> 1;
        long fp = jp >> order;
        long fm = jm >> order;
        int face = fp == fm ? (int) (fp | 4) : (fp < fm ? (int) fp : (int) (fm + 8));
        long ix = jm & (nside - 1);
        long iy = nside - (jp & (nside - 1)) - 1;
        return xyf2nest(order, ix, iy, face);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Disc queries
    // ------------------------------------------------------------------------------------------------------------

    /**
     * NESTED pixels whose <em>centres</em> lie within {@code radiusRad} of (ra, dec), sorted ascending (healpy's
     * {@code query_disc(..., inclusive=False, nest=True)}).
     */
    public static long[] queryDisc(int order, double raDeg, double decDeg, double radiusRad) {
        return new DiscQuery(order, raDeg, decDeg, radiusRad, false, 0).run();
    }

    /**
     * NESTED pixels that overlap the disc, sorted ascending; may contain a few pixels that only come close to it,
     * never misses one that overlaps. Same as healpy's {@code query_disc(..., inclusive=True, nest=True)} with its
     * default oversampling {@code fact = 4}.
     */
    public static long[] queryDiscInclusive(int order, double raDeg, double decDeg, double radiusRad) {
        return queryDiscInclusive(order, raDeg, decDeg, radiusRad, DEFAULT_INCLUSIVE_EXTRA_ORDERS);
    }

    /**
     * Inclusive disc query with a chosen precision. A pixel whose centre is outside the disc but within the maximum
     * pixel radius of its edge is subdivided down to {@code order + extraOrders}; it is returned when a sub-pixel
     * centre falls inside the disc, or when a sub-pixel at the deepest order still comes within its own maximum
     * radius of the disc. Larger {@code extraOrders} give fewer false positives; 0 returns every pixel within the
     * safety margin. healpy's {@code fact} is {@code 2^extraOrders} (HiSS-Cube's call uses fact = 2^16).
     *
     * @param extraOrders 0 .. 29 - order
     */
    public static long[] queryDiscInclusive(int order, double raDeg, double decDeg, double radiusRad,
            int extraOrders) {
        checkOrder(order);
        if (extraOrders < 0 || order + extraOrders > MAX_ORDER) {
            throw new IllegalArgumentException("extraOrders must be in 0.." + (MAX_ORDER - order) + " at order "
                    + order + ", was " + extraOrders);
        }
        return new DiscQuery(order, raDeg, decDeg, radiusRad, true, extraOrders).run();
    }

    /**
     * The union of {@link #queryDiscInclusive(int, double, double, double, int)} over discs of one radius centred at
     * (raDeg[i], decDeg[i]), sorted ascending, without duplicates: exactly the pixels of the single queries, found
     * faster when the discs lie close together (as along the edge of an image), because the queries share their
     * per-order thresholds and the pixel centres they compute (neighbouring discs visit many of the same pixels).
     *
     * @param extraOrders 0 .. 29 - order
     */
    public static long[] queryDiscsInclusive(int order, double[] raDeg, double[] decDeg, double radiusRad,
            int extraOrders) {
        checkOrder(order);
        if (extraOrders < 0 || order + extraOrders > MAX_ORDER) {
            throw new IllegalArgumentException("extraOrders must be in 0.." + (MAX_ORDER - order) + " at order "
                    + order + ", was " + extraOrders);
        }
        if (raDeg.length != decDeg.length) {
            throw new IllegalArgumentException(raDeg.length + " right ascensions but " + decDeg.length
                    + " declinations");
        }
        PixelCentres centres = new PixelCentres(order + extraOrders);
        DiscQuery first = null;
        long[] all = new long[0];
        int n = 0;
        for (int i = 0; i < raDeg.length; i++) {
            DiscQuery q = new DiscQuery(order, raDeg[i], decDeg[i], radiusRad, true, extraOrders, first, centres);
            first = first == null ? q : first;
            long[] pixels = q.run();
            if (n + pixels.length > all.length) {
                all = Arrays.copyOf(all, Math.max(2 * all.length, n + pixels.length));
            }
            System.arraycopy(pixels, 0, all, n, pixels.length);
            n += pixels.length;
        }
        long[] sorted = Arrays.copyOf(all, n);
        Arrays.sort(sorted);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || sorted[i] != sorted[m - 1]) {
                sorted[m++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, m);
    }

    /**
     * Hierarchical disc search: starting from the 12 faces, a pixel is dropped when its centre is farther from the
     * disc centre than radius + its maximum pixel radius, taken whole when it is closer than radius - that, and
     * otherwise subdivided. Distances are compared as squared chord lengths between unit vectors, which stay
     * accurate for tiny angles (unlike cosines). Children are visited in ascending order, so the output is sorted.
     */
    private static final class DiscQuery {
        private final int order;
        private final int maxOrder;
        private final boolean inclusive;
        private final double cx;
        private final double cy;
        private final double cz;
        private final double radiusRad;
        /** Squared chord of the radius: centre inside when d2 <= this. */
        private final double inside2;
        /** Per order: squared chord of radius + max pixel radius (pixel may touch the disc when d2 < this). */
        private final double[] outer2;
        /** Per order: squared chord of radius - max pixel radius (pixel fully inside when d2 < this). */
        private final double[] inner2;
        private final double[] scratch = new double[3];
        /** Pixel centres shared with other queries, or null. */
        private final PixelCentres centres;
        private long[] out = new long[64];
        private int size;

        DiscQuery(int order, double raDeg, double decDeg, double radiusRad, boolean inclusive, int extraOrders) {
            this(order, raDeg, decDeg, radiusRad, inclusive, extraOrders, null, null);
        }

        /**
         * @param same a query with the same order, radius, inclusiveness and extra orders, whose thresholds are
         *             taken over (they would be computed from those alone), or null
         * @param centres pixel centres shared with other queries, or null
         */
        DiscQuery(int order, double raDeg, double decDeg, double radiusRad, boolean inclusive, int extraOrders,
                DiscQuery same, PixelCentres centres) {
            checkOrder(order);
            checkDec(decDeg);
            if (!(radiusRad >= 0) || Double.isInfinite(radiusRad)) {
                throw new IllegalArgumentException("radius must be finite and >= 0, was " + radiusRad);
            }
            this.order = order;
            this.maxOrder = order + extraOrders;
            this.inclusive = inclusive;
            this.radiusRad = radiusRad;
            double theta = HALF_PI - Math.toRadians(decDeg);
            double phi = Math.toRadians(normalizeRa(raDeg));
            double st = Math.sin(theta);
            this.cx = st * Math.cos(phi);
            this.cy = st * Math.sin(phi);
            this.cz = Math.cos(theta);
            this.inside2 = chord2(radiusRad);
            this.centres = centres;
            if (same != null) {
                this.outer2 = same.outer2; // never written after construction
                this.inner2 = same.inner2;
                return;
            }
            this.outer2 = new double[maxOrder + 1];
            this.inner2 = new double[maxOrder + 1];
            for (int o = 0; o <= maxOrder; o++) {
                double dr = maxPixelRadiusRad(o);
                outer2[o] = radiusRad + dr >= Math.PI ? Double.POSITIVE_INFINITY : chord2(radiusRad + dr);
                inner2[o] = radiusRad - dr < 0 ? -1.0 : chord2(radiusRad - dr);
            }
        }

        private static double chord2(double angle) {
            double c = 2 * Math.sin(0.5 * angle);
            return c * c;
        }

        long[] run() {
            if (radiusRad >= Math.PI) {
                appendRange(0, npixUnchecked(order));
            } else {
                for (int face = 0; face < 12; face++) {
                    visit(face, 0);
                }
            }
            return Arrays.copyOf(out, size);
        }

        /**
         * Squared chord between the disc centre and the centre of pix, or +inf when it is at least {@code limit}
         * already along z: the full sum is never smaller than its dz² term (rounding is monotonic), so such a pixel
         * fails {@code d2 < limit} either way, without the sine and cosine.
         */
        private double distance2(int o, long pix, double limit) {
            if (centres != null && o <= centres.maxOrder()) {
                centres.centre(o, pix, scratch);
                double dx = scratch[0] - cx;
                double dy = scratch[1] - cy;
                double dz = scratch[2] - cz;
                return dx * dx + dy * dy + dz * dz;
            }
            centreZPhi(o, pix, scratch);
            double z = scratch[0];
            double dz = z - cz;
            if (dz * dz >= limit) {
                return Double.POSITIVE_INFINITY;
            }
            double st = scratch[1];
            double phi = scratch[2];
            double dx = st * Math.cos(phi) - cx;
            double dy = st * Math.sin(phi) - cy;
            return dx * dx + dy * dy + dz * dz;
        }

        private void visit(long pix, int o) {
            double d2 = distance2(o, pix, outer2[o]);
            if (!(d2 < outer2[o])) {
                return; // cannot touch the disc
            }
            if (o < order) {
                if (d2 < inner2[o]) {
                    int shift = 2 * (order - o);
                    appendRange(pix << shift, (pix + 1) << shift); // entirely inside
                } else {
                    for (int c = 0; c < 4; c++) {
                        visit(4 * pix + c, o + 1);
                    }
                }
            } else if (d2 <= inside2) {
                append(pix); // centre inside
            } else if (inclusive && (o == maxOrder || anyChildTouches(pix, o + 1))) {
                append(pix);
            }
        }

        /** Whether one of the four children (at order o) of a boundary pixel, or their descendants, touches. */
        private boolean anyChildTouches(long parent, int o) {
            for (int c = 0; c < 4; c++) {
                long pix = 4 * parent + c;
                double d2 = distance2(o, pix, outer2[o]);
                if (!(d2 < outer2[o])) {
                    continue;
                }
                if (d2 <= inside2 || o == maxOrder || anyChildTouches(pix, o + 1)) {
                    return true;
                }
            }
            return false;
        }

        private void append(long pix) {
            if (size == out.length) {
                grow(1);
            }
            out[size++] = pix;
        }

        private void appendRange(long from, long to) {
            if (to - from > out.length - size) {
                grow(to - from);
            }
            for (long p = from; p < to; p++) {
                out[size++] = p;
            }
        }

        private void grow(long extra) {
            long needed = size + extra;
            if (needed > MAX_RESULT) {
                throw new IllegalArgumentException("disc query at order " + order + " covers more than "
                        + MAX_RESULT + " pixels");
            }
            long capacity = Math.max(needed, Math.min(MAX_RESULT, 2L * out.length));
            out = Arrays.copyOf(out, (int) capacity);
        }
    }

    /**
     * Centres of pixels at orders 0..maxOrder as unit vectors (x, y, z), each computed once, by the very expressions
     * {@link DiscQuery} evaluates (so a query gives the same distances with or without them).
     */
    private static final class PixelCentres {
        private final long[][] keys; // per order: pixel + 1, 0 = empty slot
        private final double[][] xyz; // per order: 3 values per slot
        private final int[] counts;
        private final double[] zsp = new double[3];

        PixelCentres(int maxOrder) {
            keys = new long[maxOrder + 1][];
            xyz = new double[maxOrder + 1][];
            counts = new int[maxOrder + 1];
            for (int o = 0; o <= maxOrder; o++) {
                keys[o] = new long[64];
                xyz[o] = new double[3 * 64];
            }
        }

        int maxOrder() {
            return keys.length - 1;
        }

        /** The centre of pix at order o into out[0..2] = x, y, z. */
        void centre(int o, long pix, double[] out) {
            long[] k = keys[o];
            int mask = k.length - 1;
            int slot = (int) (mix(pix) & mask);
            while (k[slot] != 0 && k[slot] != pix + 1) {
                slot = (slot + 1) & mask;
            }
            double[] v = xyz[o];
            if (k[slot] == 0) {
                centreZPhi(o, pix, zsp);
                double z = zsp[0];
                double st = zsp[1];
                double phi = zsp[2];
                k[slot] = pix + 1;
                v[3 * slot] = st * Math.cos(phi);
                v[3 * slot + 1] = st * Math.sin(phi);
                v[3 * slot + 2] = z;
                out[0] = v[3 * slot];
                out[1] = v[3 * slot + 1];
                out[2] = z;
                if (++counts[o] > k.length / 2) {
                    grow(o);
                }
                return;
            }
            out[0] = v[3 * slot];
            out[1] = v[3 * slot + 1];
            out[2] = v[3 * slot + 2];
        }

        private void grow(int o) {
            long[] oldKeys = keys[o];
            double[] oldXyz = xyz[o];
            long[] k = new long[2 * oldKeys.length];
            double[] v = new double[3 * k.length];
            int mask = k.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    int slot = (int) (mix(oldKeys[i] - 1) & mask);
                    while (k[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    k[slot] = oldKeys[i];
                    System.arraycopy(oldXyz, 3 * i, v, 3 * slot, 3);
                }
            }
            keys[o] = k;
            xyz[o] = v;
        }

        private static long mix(long v) {
            long h = v * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 29);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------------------

    /**
     * z = cos(theta), sin(theta) and phi of a NESTED pixel centre into {@code zsp}. sin(theta) is computed without
     * cancellation near the poles.
     */
    private static void centreZPhi(int order, long pix, double[] zsp) {
        long nside = 1L << order;
        int face = (int) (pix >>> (2 * order));
        long ipf = pix & ((1L << (2 * order)) - 1);
        long ix = compact(ipf);
        long iy = compact(ipf >>> 1);
        long ring = ringOfFace(face) * nside - ix - iy - 1;
        double npix = npixUnchecked(order);
        long nr;
        double z;
        double sth;
        if (ring < nside) {
            nr = ring;
            double tmp = (double) (nr * nr) * (4.0 / npix); // 1 - z
            z = 1.0 - tmp;
            sth = Math.sqrt(tmp * (2.0 - tmp));
        } else if (ring > 3 * nside) {
            nr = 4 * nside - ring;
            double tmp = (double) (nr * nr) * (4.0 / npix); // 1 + z
            z = tmp - 1.0;
            sth = Math.sqrt(tmp * (2.0 - tmp));
        } else {
            nr = nside;
            z = (2 * nside - ring) * (2.0 / (3.0 * nside));
            sth = Math.sqrt((1.0 - z) * (1.0 + z));
        }
        long t = phiColumnOfFace(face) * nr + ix - iy;
        if (t < 0) {
            t += 8 * nr;
        }
        zsp[0] = z;
        zsp[1] = sth;
        zsp[2] = (0.5 * HALF_PI * t) / nr;
    }

    /** Ring index, in units of nside, of a face's southernmost corner: 2 (north faces), 3 (equator), 4 (south). */
    private static long ringOfFace(int face) {
        return (face >> 2) + 2;
    }

    /**
     * Longitude of a face's centre in units of pi / 4: odd multiples (1, 3, 5, 7) for the polar faces, even ones
     * (0, 2, 4, 6) for the equatorial faces.
     */
    private static long phiColumnOfFace(int face) {
        return 2 * (face & 3) + ((face >> 2) == 1 ? 0 : 1);
    }

    /** Ring (1-based, counted from the nearer pole) of a polar-cap pixel numbered from that pole. */
    private static long capRing(long p) {
        // ring r holds pixels 2 r (r - 1) .. 2 r (r + 1) - 1, so (2r - 1)^2 <= 1 + 2p < (2r + 1)^2
        long s = isqrt(1 + 2 * p);
        return (1 + s) >> 1;
    }

    private static long isqrt(long n) {
        long s = (long) Math.sqrt((double) n);
        while (s * s > n) {
            s--;
        }
        while ((s + 1) * (s + 1) <= n) {
            s++;
        }
        return s;
    }

    private static long xyf2nest(int order, long ix, long iy, int face) {
        return ((long) face << (2 * order)) + spread(ix) + (spread(iy) << 1);
    }

    /** Moves bit i of the low 32 bits of v to bit 2i. */
    private static long spread(long v) {
        long x = v & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }

    /** Inverse of {@link #spread}: gathers the even bits of v into the low 32 bits. */
    private static long compact(long v) {
        long x = v & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        return x;
    }

    private static long npixUnchecked(int order) {
        return 12L << (2 * order);
    }

    /** ra into [0, 360). */
    static double normalizeRa(double raDeg) {
        if (!Double.isFinite(raDeg)) {
            throw new IllegalArgumentException("ra must be finite, was " + raDeg);
        }
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        return ra >= 360.0 ? 0.0 : ra;
    }

    private static void checkOrder(int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("HEALPix order must be in 0.." + MAX_ORDER + ", was " + order);
        }
    }

    private static void checkDec(double decDeg) {
        if (!(decDeg >= -90.0 && decDeg <= 90.0)) {
            throw new IllegalArgumentException("dec must be in [-90, 90], was " + decDeg);
        }
    }

    private static void checkPix(int order, long pix) {
        checkOrder(order);
        if (pix < 0 || pix >= npixUnchecked(order)) {
            throw new IllegalArgumentException("pixel " + pix + " outside 0.." + (npixUnchecked(order) - 1)
                    + " at order " + order);
        }
    }
}
