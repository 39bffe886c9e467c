package org.hisscube.simulator;

/**
 * The truth about one simulated object, as the manifest records it.
 *
 * @param index        0-based object number in the survey
 * @param objId        its photometric object id in the simulated catalog
 * @param className    STAR, GALAXY or QSO (from the real source row)
 * @param redshift     from the real source row
 * @param ugriz        AB magnitudes from the real source row (total, as drawn)
 * @param ra           position, degrees
 * @param dec          position, degrees
 * @param field        the field it lies in
 * @param x            0-based column in the field's r frame
 * @param y            0-based row in the field's r frame
 * @param profile      {@code psf} (stars, quasars), {@code exp} (exponential disk) or {@code dev} (de Vaucouleurs)
 * @param halfLightArcsec semi-major half-light radius (0 for point sources)
 * @param axisRatio    b/a (1 for point sources)
 * @param positionAngle degrees from the frame's x axis towards y
 * @param plate        its spectrum's plate, MJD and fiber
 * @param source       the real catalog row it was drawn from
 */
public record SimObject(int index, long objId, String className, double redshift, double[] ugriz, double ra,
        double dec, SurveyLayout.Field field, double x, double y, String profile, double halfLightArcsec,
        double axisRatio, double positionAngle, int plate, int mjd, int fiber, SourceCatalog.Row source) {

    public String spectrumFileName() {
        return String.format(java.util.Locale.ROOT, "spec-%04d-%05d-%04d.fits", plate, mjd, fiber);
    }

    public boolean pointSource() {
        return profile.equals("psf");
    }
}
