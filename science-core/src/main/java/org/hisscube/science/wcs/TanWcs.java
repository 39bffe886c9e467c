package org.hisscube.science.wcs;

import nom.tam.fits.Header;
import org.hisscube.science.ScienceException;

/**
 * A gnomonic (TAN) world coordinate system with a CD matrix, as in SDSS frame headers.
 *
 * <p>Pixel convention: <b>0-based</b> (x, y) where x is the column (FITS axis 1) and y the row (FITS axis 2), and
 * integer coordinates are pixel centres. FITS' 1-based pixel p corresponds to x = p - 1. {@link #crpix1()} and
 * {@link #crpix2()} keep the FITS (1-based) values of the header. Angles are degrees, all arithmetic float64.
 *
 * @param naxis1 image width (columns)
 * @param naxis2 image height (rows)
 */
public record TanWcs(double crval1, double crval2, double crpix1, double crpix2, double cd11, double cd12,
        double cd21, double cd22, int naxis1, int naxis2) {

    public TanWcs {
        double det = cd11 * cd22 - cd12 * cd21;
        if (!Double.isFinite(det) || det == 0) {
            throw new ScienceException("singular CD matrix [" + cd11 + ", " + cd12 + "; " + cd21 + ", " + cd22 + "]");
        }
        if (!Double.isFinite(crval1) || !Double.isFinite(crval2) || Math.abs(crval2) > 90) {
            throw new ScienceException("invalid CRVAL (" + crval1 + ", " + crval2 + ")");
        }
    }

    /** Reads CRVALi, CRPIXi, CDi_j and NAXISi of a header with CTYPE RA---TAN / DEC--TAN. */
    public static TanWcs fromHeader(Header h) {
        String c1 = h.getStringValue("CTYPE1");
        String c2 = h.getStringValue("CTYPE2");
        if (c1 == null || c2 == null || !c1.trim().equals("RA---TAN") || !c2.trim().equals("DEC--TAN")) {
            throw new ScienceException("not a TAN WCS: CTYPE1=" + c1 + ", CTYPE2=" + c2);
        }
        for (String k : new String[] {"CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1", "CD2_2"}) {
            if (!h.containsKey(k)) {
                throw new ScienceException("WCS keyword " + k + " missing");
            }
        }
        return new TanWcs(h.getDoubleValue("CRVAL1"), h.getDoubleValue("CRVAL2"), h.getDoubleValue("CRPIX1"),
                h.getDoubleValue("CRPIX2"), h.getDoubleValue("CD1_1"), h.getDoubleValue("CD1_2"),
                h.getDoubleValue("CD2_1"), h.getDoubleValue("CD2_2"), h.getIntValue("NAXIS1"),
                h.getIntValue("NAXIS2"));
    }

    /** World (ra, dec) in degrees to 0-based pixel {x, y}. NaN for points on or behind the tangent plane's horizon. */
    public double[] worldToPixel(double ra, double dec) {
        double a = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double a0 = Math.toRadians(crval1);
        double d0 = Math.toRadians(crval2);
        double cosD = Math.cos(d);
        double sinD = Math.sin(d);
        double cosD0 = Math.cos(d0);
        double sinD0 = Math.sin(d0);
        double dA = a - a0;
        double cosC = sinD0 * sinD + cosD0 * cosD * Math.cos(dA);
        if (cosC <= 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double xi = Math.toDegrees(cosD * Math.sin(dA) / cosC);
        double eta = Math.toDegrees((cosD0 * sinD - sinD0 * cosD * Math.cos(dA)) / cosC);
        double det = cd11 * cd22 - cd12 * cd21;
        double dx = (cd22 * xi - cd12 * eta) / det;
        double dy = (-cd21 * xi + cd11 * eta) / det;
        return new double[] {crpix1 + dx - 1.0, crpix2 + dy - 1.0};
    }

    /** 0-based pixel (x, y) to world {ra, dec} in degrees, ra in [0, 360). */
    public double[] pixelToWorld(double x, double y) {
        double dx = x + 1.0 - crpix1;
        double dy = y + 1.0 - crpix2;
        double xi = Math.toRadians(cd11 * dx + cd12 * dy);
        double eta = Math.toRadians(cd21 * dx + cd22 * dy);
        double d0 = Math.toRadians(crval2);
        double cosD0 = Math.cos(d0);
        double sinD0 = Math.sin(d0);
        double denom = cosD0 - eta * sinD0;
        double ra = Math.toDegrees(Math.atan2(xi, denom)) + crval1;
        double dec = Math.toDegrees(Math.atan2(sinD0 + eta * cosD0, Math.hypot(xi, denom)));
        ra = ra % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        return new double[] {ra, dec};
    }

    /**
     * The WCS of the image binned by {@code factor} in both axes (bins start at pixel 0, a partial last bin is
     * dropped): new pixel X covers old x in [f·X, f·X + f − 1], so CRPIX' = (CRPIX + (f − 1)/2)/f and CD' = f·CD.
     */
    public TanWcs binned(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be >= 1: " + factor);
        }
        double f = factor;
        return new TanWcs(crval1, crval2, (crpix1 + (f - 1) / 2) / f, (crpix2 + (f - 1) / 2) / f, cd11 * f, cd12 * f,
                cd21 * f, cd22 * f, naxis1 / factor, naxis2 / factor);
    }

    /** The WCS at zoom z (binned by 2^z). */
    public TanWcs atZoom(int zoom) {
        return binned(1 << zoom);
    }

    /** True when the 0-based pixel (x, y) lies on the image (pixel edges at ±0.5). */
    public boolean contains(double x, double y) {
        return x >= -0.5 && y >= -0.5 && x < naxis1 - 0.5 && y < naxis2 - 0.5;
    }
}
