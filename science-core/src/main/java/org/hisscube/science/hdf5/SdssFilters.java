package org.hisscube.science.hdf5;

import java.util.Map;

/**
 * Effective wavelengths of the SDSS imaging filters, stored in image segments so that a cube user can place a band
 * on the wavelength axis without a filter table.
 *
 * <p>The values are the SDSS imaging effective wavelengths published with the data release documentation
 * ("Imaging camera: filter λeff"): u 3551 Å, g 4686 Å, r 6166 Å, i 7480 Å, z 8932 Å. They are within 2 % of the
 * transmission-weighted mean wavelength ∫λT dλ / ∫T dλ of the bundled filter curves
 * ({@code /org/hisscube/science/calib/SLOAN_SDSS.<f>.dat}; checked by a test).
 */
public final class SdssFilters {
    private static final Map<String, Double> EFFECTIVE_WAVELENGTH_ANGSTROM = Map.of(
            "u", 3551.0, "g", 4686.0, "r", 6166.0, "i", 7480.0, "z", 8932.0);

    private SdssFilters() {
    }

    /**
     * The effective wavelength of a filter in Å (vacuum).
     *
     * @param filter one of u, g, r, i, z
     * @throws IllegalArgumentException for any other name
     */
    public static double effectiveWavelengthAngstrom(String filter) {
        Double w = filter == null ? null : EFFECTIVE_WAVELENGTH_ANGSTROM.get(filter);
        if (w == null) {
            throw new IllegalArgumentException("not an SDSS filter (u, g, r, i, z): " + filter);
        }
        return w;
    }
}
