package org.hisscube.science.fits;

/**
 * Identity of one SDSS imaging frame: filter, run, camera column and field (the rerun is not part of the identity).
 *
 * @param filter one of {@code u g r i z}
 * @param run imaging run number (&ge; 1)
 * @param camcol camera column 1..6
 * @param field field number within the run (&ge; 0)
 */
public record FrameId(String filter, int run, int camcol, int field) {

    /** The five SDSS filters in camera order of wavelength. */
    public static final String FILTERS = "ugriz";

    public FrameId {
        if (filter == null || filter.length() != 1 || FILTERS.indexOf(filter.charAt(0)) < 0) {
            throw new IllegalArgumentException("filter must be one of u g r i z: " + filter);
        }
        if (run < 1) {
            throw new IllegalArgumentException("run must be >= 1: " + run);
        }
        if (camcol < 1 || camcol > 6) {
            throw new IllegalArgumentException("camcol must be 1..6: " + camcol);
        }
        if (field < 0) {
            throw new IllegalArgumentException("field must be >= 0: " + field);
        }
    }

    /** The index of the filter in {@link #FILTERS} (u = 0 … z = 4). */
    public int filterIndex() {
        return FILTERS.indexOf(filter.charAt(0));
    }

    /** The canonical SAS file name, {@code frame-r-002820-3-0122.fits.bz2}. */
    public String fileName() {
        return SdssFileNames.frameFileName(this);
    }
}
