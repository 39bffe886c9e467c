package org.hisscube.contracts.events;

/** The two kinds of SDSS file the cube is built from. */
public enum FileKind {
    /** A calibrated imaging frame, {@code frame-[ugriz]-RRRRRR-C-FFFF.fits.bz2}. */
    FRAME,
    /** A spec-lite spectrum, {@code spec-PPPP-MMMMM-FFFF.fits}. */
    SPECTRUM
}
