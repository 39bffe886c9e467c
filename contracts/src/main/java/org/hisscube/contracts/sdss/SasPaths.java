package org.hisscube.contracts.sdss;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern FRAME = Pattern.compile("frame-([ugriz])-(\\d{6})-(\\d)-(\\d{4})\\.fits(\\.bz2)?");
    private static final Pattern SPECTRUM = Pattern.compile("spec-(\\d{4,5})-(\\d{5})-(\\d{4})\\.fits");

    private SasPaths() {
    }

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

    /** The SAS path of a file known only by its name (frame or spec-lite), or null if the name is neither. */
    public static String forFileName(String name) {
        Matcher f = FRAME.matcher(name);
        if (f.matches()) {
            return frame(f.group(1).charAt(0), Integer.parseInt(f.group(2)), Integer.parseInt(f.group(3)),
                    Integer.parseInt(f.group(4)));
        }
        Matcher s = SPECTRUM.matcher(name);
        if (s.matches()) {
            return spectrum(Integer.parseInt(s.group(1)), Integer.parseInt(s.group(2)), Integer.parseInt(s.group(3)));
        }
        return null;
    }
}
