package org.hisscube.science.fits;

import java.util.Optional;
import org.hisscube.sdss.SdssFileName;

/**
 * SDSS file names as the science core's ids ({@link FrameId}, {@link SpectrumId}): a thin adapter over the project's
 * one parser, {@link SdssFileName} (module sdss-names), which defines the accepted names — frames
 * {@code frame-[ugriz]-RRRRRR-C-FFFF.fits[.bz2|.gz]}, spectra {@code spec-PPPP(P)-MMMMM-FFFF.fits}. A leading
 * directory path (a SAS path, an object key) is ignored.
 */
public final class SdssFileNames {
    private SdssFileNames() {
    }

    /** The last path segment of a name, path or object key ('/' or '\' separated). */
    public static String baseName(String nameOrPath) {
        return SdssFileName.lastSegment(nameOrPath);
    }

    /** The frame id a file name encodes, or empty when the name is not a frame name. */
    public static Optional<FrameId> parseFrame(String nameOrPath) {
        return SdssFileName.tryParse(baseName(nameOrPath)).filter(SdssFileName::isFrame).map(SdssFileNames::frameId);
    }

    /** The spectrum id a file name encodes, or empty when the name is not a spectrum name. */
    public static Optional<SpectrumId> parseSpectrum(String nameOrPath) {
        return SdssFileName.tryParse(baseName(nameOrPath)).filter(SdssFileName::isSpectrum)
                .map(SdssFileNames::spectrumId);
    }

    /** The id of a parsed frame name. */
    static FrameId frameId(SdssFileName n) {
        return new FrameId(n.filter(), n.run(), n.camcol(), n.field());
    }

    /** The id of a parsed spectrum name. */
    static SpectrumId spectrumId(SdssFileName n) {
        return new SpectrumId(n.plate(), n.mjd(), n.fiber());
    }

    /** {@code frame-r-002820-3-0122.fits.bz2} (the form the SAS serves). */
    public static String frameFileName(FrameId id) {
        return SdssFileName.frame(id.filter(), id.run(), id.camcol(), id.field(), SdssFileName.Compression.BZIP2)
                .fileName();
    }

    /** {@code spec-0411-51817-0119.fits} (plate zero-padded to 4 digits, 5 when larger). */
    public static String spectrumFileName(SpectrumId id) {
        return SdssFileName.spectrum(id.plate(), id.mjd(), id.fiber()).fileName();
    }
}
