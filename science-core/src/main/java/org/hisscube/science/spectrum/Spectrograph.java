package org.hisscube.science.spectrum;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The spectrograph (and so the fiber size) a spectrum was taken with.
 *
 * <p><b>Rule</b>, decided from the {@code RUN2D} (idlspec2d reduction name) of the file — the one field every
 * spec-lite file carries in HDU2 and that differs systematically between the two instruments:
 * <ul>
 *   <li>{@code RUN2D} is a plain integer ({@code 26}, {@code 103}, {@code 104}: the SDSS-I/II and SEGUE reductions
 *       of DR8..DR17) → {@link #SDSS}, the original 640-fiber SDSS spectrographs with 3″ fibers;</li>
 *   <li>{@code RUN2D} is an idlspec2d version tag {@code vN_N_N} ({@code v5_7_0}, {@code v5_10_0},
 *       {@code v5_13_2}, …) → {@link #BOSS}, the BOSS/eBOSS spectrographs with 2″ fibers;</li>
 *   <li>anything else is not recognised ({@link #fromRun2d} is empty) and the reader refuses the file rather than
 *       guess a fiber area.</li>
 * </ul>
 * The plate number is deliberately not used: SEGUE-2 plates (e.g. 3126, 3127) and early BOSS plates overlap in
 * number range and the same star may be observed by both instruments (spec-3126/3127 vs spec-7330).
 */
public enum Spectrograph {
    /** SDSS-I/II and SEGUE spectrographs: 3″ fibers. */
    SDSS(3.0),
    /** BOSS and eBOSS spectrographs: 2″ fibers. */
    BOSS(2.0);

    private static final Pattern SDSS_RUN2D = Pattern.compile("\\d{1,4}");
    private static final Pattern BOSS_RUN2D = Pattern.compile("v\\d+_\\d+_\\d+");

    private final double fiberDiameterArcsec;

    Spectrograph(double fiberDiameterArcsec) {
        this.fiberDiameterArcsec = fiberDiameterArcsec;
    }

    /** Fiber diameter on the sky in arcseconds. */
    public double fiberDiameterArcsec() {
        return fiberDiameterArcsec;
    }

    /** Fiber area on the sky in arcsec²: π·(d/2)² (not π·d², HiSS-Cube's slip). */
    public double fiberAreaArcsec2() {
        double r = fiberDiameterArcsec / 2.0;
        return Math.PI * r * r;
    }

    /** The spectrograph of a reduction name (leading/trailing blanks ignored), or empty when not recognised. */
    public static Optional<Spectrograph> fromRun2d(String run2d) {
        if (run2d == null) {
            return Optional.empty();
        }
        String r = run2d.trim();
        if (SDSS_RUN2D.matcher(r).matches()) {
            return Optional.of(SDSS);
        }
        if (BOSS_RUN2D.matcher(r).matches()) {
            return Optional.of(BOSS);
        }
        return Optional.empty();
    }
}
