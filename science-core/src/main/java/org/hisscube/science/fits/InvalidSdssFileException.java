package org.hisscube.science.fits;

import org.hisscube.science.ScienceException;

/**
 * A file is not the SDSS product it claims to be: wrong HDU count or shape, absurd NAXIS, missing columns,
 * truncated data, a decompression bomb. The message names the file and, where it applies, the HDU.
 */
public class InvalidSdssFileException extends ScienceException {
    private final String file;
    private final int hdu;

    /** @param hdu the HDU index the problem is in, or -1 when it concerns the whole file */
    public InvalidSdssFileException(String file, int hdu, String reason, Throwable cause) {
        super(file + (hdu >= 0 ? " HDU " + hdu : "") + ": " + reason, cause);
        this.file = file;
        this.hdu = hdu;
    }

    public InvalidSdssFileException(String file, int hdu, String reason) {
        this(file, hdu, reason, null);
    }

    public String file() {
        return file;
    }

    public int hdu() {
        return hdu;
    }
}
