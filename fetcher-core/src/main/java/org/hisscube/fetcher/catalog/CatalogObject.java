package org.hisscube.fetcher.catalog;

/**
 * One row of a catalog. Every component but {@code sourceFile} and {@code line} may be null (the column is absent
 * or empty in that catalog).
 *
 * @param objId       the photometric object id, only where the catalog holds it as an exact integer; null where a
 *                    spreadsheet rounded it (e.g. {@code 1.23765E+18}) — never use it to identify a file
 * @param objectClass the spectroscopic class as the catalog's {@code class} (or numeric {@code specClass}) column
 *                    says, upper case ({@code STAR}, {@code GALAXY}, {@code QSO}); never taken from the file name
 * @param magnitudes  ugriz PSF magnitudes, null components for "no measurement" ({@code -9999})
 * @param sourceFile  the catalog's name (file name, or the source name of a query)
 * @param line        the (first) physical line of the row in its source, 1-based
 */
public record CatalogObject(Long objId, Double ra, Double dec, Integer run, Integer rerun, Integer camcol,
        Integer field, Integer plate, Integer mjd, Integer fiberId, String objectClass, Double redshift,
        Magnitudes magnitudes, String sourceFile, int line) {

    public CatalogObject {
        if (magnitudes == null) {
            magnitudes = Magnitudes.NONE;
        }
    }

    /** True if plate, MJD and fiber are all known: the spectrum file can be named. */
    public boolean hasSpectrumIds() {
        return plate != null && mjd != null && fiberId != null;
    }

    /** True if run, camcol and field are all known: the five frame files can be named. */
    public boolean hasFieldIds() {
        return run != null && camcol != null && field != null;
    }

    /** True if anything can be fetched for this object. */
    public boolean hasIdentifiers() {
        return hasSpectrumIds() || hasFieldIds();
    }

    /** The spectrum's key, or null where plate, MJD or fiber is missing. */
    public SpectrumKey spectrumKey() {
        return hasSpectrumIds() ? new SpectrumKey(plate, mjd, fiberId) : null;
    }

    /** The imaging field's key, or null where run, camcol or field is missing. */
    public FieldKey fieldKey() {
        return hasFieldIds() ? new FieldKey(run, camcol, field) : null;
    }

    /** "file:line", for reports. */
    public String origin() {
        return sourceFile + ":" + line;
    }
}
