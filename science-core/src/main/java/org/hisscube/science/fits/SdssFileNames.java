package org.hisscube.science.fits;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SDSS file names: imaging frames {@code frame-[ugriz]-RRRRRR-C-FFFF.fits[.bz2|.gz]} and spectra
 * {@code spec-PPPP-MMMMM-FFFF.fits[.bz2|.gz]} (plate of 4 or 5 digits). A leading directory path (a SAS path, an
 * object key) is ignored.
 */
public final class SdssFileNames {
    private static final Pattern FRAME =
            Pattern.compile("frame-([ugriz])-(\\d{6})-([1-6])-(\\d{4})\\.fits(?:\\.bz2|\\.gz)?");
    private static final Pattern SPECTRUM =
            Pattern.compile("spec-(\\d{4,5})-(\\d{5})-(\\d{4})\\.fits(?:\\.bz2|\\.gz)?");

    private SdssFileNames() {
    }

    /** The last path segment of a name, path or object key ('/' or '\' separated). */
    public static String baseName(String nameOrPath) {
        if (nameOrPath == null) {
            return "";
        }
        int cut = Math.max(nameOrPath.lastIndexOf('/'), nameOrPath.lastIndexOf('\\'));
        return nameOrPath.substring(cut + 1);
    }

    /** The frame id a file name encodes, or empty when the name does not follow the frame pattern. */
    public static Optional<FrameId> parseFrame(String nameOrPath) {
        Matcher m = FRAME.matcher(baseName(nameOrPath));
        if (!m.matches()) {
            return Optional.empty();
        }
        int run = Integer.parseInt(m.group(2));
        int field = Integer.parseInt(m.group(4));
        if (run < 1) {
            return Optional.empty();
        }
        return Optional.of(new FrameId(m.group(1), run, Integer.parseInt(m.group(3)), field));
    }

    /** The spectrum id a file name encodes, or empty when the name does not follow the spectrum pattern. */
    public static Optional<SpectrumId> parseSpectrum(String nameOrPath) {
        Matcher m = SPECTRUM.matcher(baseName(nameOrPath));
        if (!m.matches()) {
            return Optional.empty();
        }
        int plate = Integer.parseInt(m.group(1));
        int fiber = Integer.parseInt(m.group(3));
        if (plate < 1 || fiber < 1) {
            return Optional.empty();
        }
        return Optional.of(new SpectrumId(plate, Integer.parseInt(m.group(2)), fiber));
    }

    /** {@code frame-r-002820-3-0122.fits.bz2} (the form the SAS serves). */
    public static String frameFileName(FrameId id) {
        return String.format("frame-%s-%06d-%d-%04d.fits.bz2", id.filter(), id.run(), id.camcol(), id.field());
    }

    /** {@code spec-0411-51817-0119.fits} (plate zero-padded to 4 digits, 5 when larger). */
    public static String spectrumFileName(SpectrumId id) {
        return String.format("spec-%04d-%05d-%04d.fits", id.plate(), id.mjd(), id.fiber());
    }
}
