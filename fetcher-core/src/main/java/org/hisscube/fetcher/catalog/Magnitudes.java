package org.hisscube.fetcher.catalog;

/**
 * The five SDSS PSF magnitudes of an object. A component is {@code null} where the catalog has no measurement
 * (an empty cell or a placeholder such as {@code -9999}).
 */
public record Magnitudes(Double u, Double g, Double r, Double i, Double z) {
    /** No measurement in any band. */
    public static final Magnitudes NONE = new Magnitudes(null, null, null, null, null);

    /** Values at or below this are placeholders ("no measurement"), e.g. SDSS's {@code -9999}. */
    public static final double NO_MEASUREMENT_AT_OR_BELOW = -999.0;

    /** The magnitude in band {@code u}, {@code g}, {@code r}, {@code i} or {@code z}; null if not measured. */
    public Double band(char filter) {
        return switch (filter) {
            case 'u' -> u;
            case 'g' -> g;
            case 'r' -> r;
            case 'i' -> i;
            case 'z' -> z;
            default -> throw new IllegalArgumentException("no SDSS band '" + filter + "' (ugriz)");
        };
    }

    /** The magnitude in a band as a primitive, NaN where not measured (for feature vectors). */
    public double bandOrNaN(char filter) {
        Double value = band(filter);
        return value == null ? Double.NaN : value;
    }

    /** How many of the five bands carry a measurement. */
    public int measuredBands() {
        int n = 0;
        for (Double v : new Double[] {u, g, r, i, z}) {
            if (v != null) {
                n++;
            }
        }
        return n;
    }

    /** True if all five bands are measured. */
    public boolean complete() {
        return measuredBands() == 5;
    }
}
