package org.hisscube.contracts.sdss;

import java.util.Locale;
import org.hisscube.sdss.SdssFileName;

/**
 * Paths of SDSS files relative to a DR17 Science Archive Server base URL.
 *
 * <ul>
 *   <li>frames: {@code eboss/photoObj/frames/301/<run>/<camcol>/frame-<f>-<run6>-<camcol>-<field4>.fits.bz2}</li>
 *   <li>SDSS-I/II/SEGUE spectra: {@code sdss/spectro/redux/<run2d>/spectra/lite/<plate4>/spec-<plate4>-<mjd>-<fiber4>.fits}
 *       with run2d 26 (legacy), 103 (SEGUE-1) or 104 (SEGUE-2)</li>
 *   <li>BOSS/eBOSS spectra: {@code eboss/spectro/redux/v5_13_2/spectra/lite/<plate4>/spec-...fits}</li>
 * </ul>
 */
public final class SasPaths {
    public static final String FRAME_RERUN = "301";
    public static final String BOSS_RUN2D = "v5_13_2";
    /** BOSS spectra start on MJD 55171 (December 2009); everything before is SDSS-I/II/SEGUE. */
    public static final int FIRST_BOSS_MJD = 55171;

    private SasPaths() {
    }

    /**
     * The frame path. Formats whatever it is given (a catalog's ids are checked where they are read, and a path
     * that does not exist is the SAS's 404); {@link SdssFileName#parse} parses the names it makes.
     */
    public static String frame(char filter, int run, int camcol, int field) {
        return String.format(Locale.ROOT, "eboss/photoObj/frames/%s/%d/%d/frame-%c-%06d-%d-%04d.fits.bz2",
                FRAME_RERUN, run, camcol, filter, run, camcol, field);
    }

    /** The spectrum path, with the reduction (run2d) chosen by plate and MJD. */
    public static String spectrum(int plate, int mjd, int fiber) {
        String run2d = run2d(plate, mjd);
        String root = run2d.startsWith("v") ? "eboss" : "sdss";
        return String.format(Locale.ROOT, "%s/spectro/redux/%s/spectra/lite/%04d/spec-%04d-%05d-%04d.fits", root,
                run2d, plate, plate, mjd, fiber);
    }

    /**
     * The DR17 reduction of a plate: BOSS/eBOSS (v5_13_2) from MJD 55171; SEGUE-2 plates (MJD 54600-55170, plates
     * 2900 and up) 104; SEGUE-1 plates (plates 1880-2899 observed from MJD 53600) 103; legacy 26 otherwise.
     * This is a rule of thumb for the sample and the local mirror; a catalog's own run2d column wins where present.
     */
    public static String run2d(int plate, int mjd) {
        if (mjd >= FIRST_BOSS_MJD) {
            return BOSS_RUN2D;
        }
        if (plate >= 2900 && mjd >= 54600) {
            return "104";
        }
        if (plate >= 1880 && plate < 2900 && mjd >= 53600) {
            return "103";
        }
        return "26";
    }

    /**
     * The SAS path of a file known only by its name (see {@link SdssFileName}): a frame, plain or {@code .fits.bz2}
     * (the SAS serves frames bzip2-compressed), or a spec-lite file; null for anything else — a path rather than a
     * name, a gzip-compressed frame (the SAS has none), a name that is not an SDSS name.
     */
    public static String forFileName(String name) {
        SdssFileName n = SdssFileName.tryParse(name).orElse(null);
        if (n == null) {
            return null;
        }
        if (n.isSpectrum()) {
            return spectrum(n.plate(), n.mjd(), n.fiber());
        }
        if (n.compression() == SdssFileName.Compression.GZIP) {
            return null;
        }
        return frame(n.filter().charAt(0), n.run(), n.camcol(), n.field());
    }
}
