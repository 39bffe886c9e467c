package org.hisscube.science.fits;

/**
 * Identity of one SDSS spectrum: plate, MJD of the plugging and fiber.
 *
 * @param plate plate number (&ge; 1; 4 or 5 digits in file names)
 * @param mjd modified Julian day of the observation (&ge; 0)
 * @param fiber fiber id (&ge; 1)
 */
public record SpectrumId(int plate, int mjd, int fiber) {

    public SpectrumId {
        if (plate < 1 || plate > 99_999) {
            throw new IllegalArgumentException("plate must be 1..99999: " + plate);
        }
        if (mjd < 0 || mjd > 99_999) {
            throw new IllegalArgumentException("mjd must be 0..99999: " + mjd);
        }
        if (fiber < 1 || fiber > 9_999) {
            throw new IllegalArgumentException("fiber must be 1..9999: " + fiber);
        }
    }

    /** The canonical spec-lite file name, {@code spec-0411-51817-0119.fits}. */
    public String fileName() {
        return SdssFileNames.spectrumFileName(this);
    }
}
