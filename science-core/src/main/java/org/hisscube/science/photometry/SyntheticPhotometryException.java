package org.hisscube.science.photometry;

import org.hisscube.science.ScienceException;

/** A synthetic flux that cannot be computed honestly (too much of the band missing); names filter and spectrum. */
public class SyntheticPhotometryException extends ScienceException {
    private final String filter;
    private final String spectrum;
    private final double missingFraction;

    public SyntheticPhotometryException(String filter, String spectrum, double missingFraction, String message) {
        super(spectrum + ", filter " + filter + ": " + message);
        this.filter = filter;
        this.spectrum = spectrum;
        this.missingFraction = missingFraction;
    }

    public String filter() {
        return filter;
    }

    public String spectrum() {
        return spectrum;
    }

    /** Fraction of the band's photon weight that was missing. */
    public double missingFraction() {
        return missingFraction;
    }
}
