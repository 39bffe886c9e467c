package org.hisscube.learning;

import java.util.List;

/**
 * The photometry model's input: magnitudes and colours only — u, g, r, i, z, u−g, g−r, r−i, i−z, u−r, g−i. The
 * redshift comes from the spectrum (it is how the class was found) and is never an input.
 */
public final class PhotometryVector {
    public static final List<String> NAMES = List.of("u", "g", "r", "i", "z", "u-g", "g-r", "r-i", "i-z", "u-r",
            "g-i");

    private PhotometryVector() {
    }

    /** The vector of five magnitudes; null when a magnitude is missing or not a plausible SDSS magnitude. */
    public static double[] of(double[] ugriz) {
        for (double m : ugriz) {
            if (!(m >= 5 && m <= 40)) {
                return null;
            }
        }
        double u = ugriz[0];
        double g = ugriz[1];
        double r = ugriz[2];
        double i = ugriz[3];
        double z = ugriz[4];
        return new double[] {u, g, r, i, z, u - g, g - r, r - i, i - z, u - r, g - i};
    }
}
