package org.hisscube.sdss;

import java.util.Objects;
import java.util.Optional;

/**
 * The name of an SDSS file the cube reads, parsed: the one parser of the project (the SAS layout, the readers, the
 * cube's object keys and the benchmarks all use it).
 *
 * <ul>
 *   <li>imaging frame: {@code frame-[ugriz]-RRRRRR-C-FFFF.fits}, {@code .fits.bz2} (as the SAS serves it) or
 *       {@code .fits.gz} — run 6 digits (not 000000), camcol 1..6, field 4 digits;</li>
 *   <li>spectrum (spec-lite): {@code spec-PPPP-MMMMM-FFFF.fits} — plate 4 digits, or 5 for plates from 10000 (a
 *       5-digit plate never starts with 0), not 0000; MJD 5 digits; fiber 4 digits, not 0000. Uncompressed only.</li>
 * </ul>
 *
 * <p>Exactly one name per file: {@link #fileName()} gives back the parsed name character for character, so a name
 * maps to one id and an id to one name (object keys derived from names are deterministic). Everything else is
 * refused with an {@link InvalidSdssFileNameException} saying which part is wrong. Names are case-sensitive, as on
 * the SAS.
 *
 * @param kind        frame or spectrum
 * @param filter      frames: one of {@code u g r i z}; spectra: null
 * @param run         frames: imaging run 1..999999; spectra: 0
 * @param camcol      frames: camera column 1..6; spectra: 0
 * @param field       frames: field 0..9999; spectra: 0
 * @param plate       spectra: plate 1..99999; frames: 0
 * @param mjd         spectra: MJD 0..99999; frames: 0
 * @param fiber       spectra: fiber 1..9999; frames: 0
 * @param compression how the file is compressed, as its name says (spectra: always {@link Compression#NONE})
 */
public record SdssFileName(Kind kind, String filter, int run, int camcol, int field, int plate, int mjd, int fiber,
        Compression compression) {

    /** The five SDSS filters in camera order of wavelength. */
    public static final String FILTERS = "ugriz";
    /** The accepted names, for messages. */
    public static final String GRAMMAR = "frame-[ugriz]-RRRRRR-C-FFFF.fits[.bz2|.gz] or spec-PPPP(P)-MMMMM-FFFF.fits";

    /** What kind of SDSS product a file is. */
    public enum Kind {
        FRAME, SPECTRUM
    }

    /** The compression a name declares by its suffix after {@code .fits}. */
    public enum Compression {
        NONE(""), BZIP2(".bz2"), GZIP(".gz");

        private final String suffix;

        Compression(String suffix) {
            this.suffix = suffix;
        }

        /** What follows {@code .fits} in the name: "", ".bz2" or ".gz". */
        public String suffix() {
            return suffix;
        }
    }

    public SdssFileName {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(compression, "compression");
        if (kind == Kind.FRAME) {
            if (filter == null || filter.length() != 1 || FILTERS.indexOf(filter.charAt(0)) < 0) {
                throw new IllegalArgumentException("filter must be one of u g r i z: " + filter);
            }
            requireRange("run", run, 1, 999_999);
            requireRange("camcol", camcol, 1, 6);
            requireRange("field", field, 0, 9_999);
            if (plate != 0 || mjd != 0 || fiber != 0) {
                throw new IllegalArgumentException("a frame has no plate, mjd or fiber");
            }
        } else {
            if (filter != null || run != 0 || camcol != 0 || field != 0) {
                throw new IllegalArgumentException("a spectrum has no filter, run, camcol or field");
            }
            requireRange("plate", plate, 1, 99_999);
            requireRange("mjd", mjd, 0, 99_999);
            requireRange("fiber", fiber, 1, 9_999);
            if (compression != Compression.NONE) {
                throw new IllegalArgumentException("spectrum files are not compressed: " + compression);
            }
        }
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ": " + value);
        }
    }

    /** The frame {@code frame-<filter>-<run>-<camcol>-<field>.fits<compression>}. */
    public static SdssFileName frame(String filter, int run, int camcol, int field, Compression compression) {
        return new SdssFileName(Kind.FRAME, filter, run, camcol, field, 0, 0, 0, compression);
    }

    /** The spectrum {@code spec-<plate>-<mjd>-<fiber>.fits}. */
    public static SdssFileName spectrum(int plate, int mjd, int fiber) {
        return new SdssFileName(Kind.SPECTRUM, null, 0, 0, 0, plate, mjd, fiber, Compression.NONE);
    }

    /**
     * Parses a file name (no directory: see {@link #lastSegment(String)} for paths and object keys).
     *
     * @throws InvalidSdssFileNameException when it is not a frame or spectrum name as described in the class comment
     */
    public static SdssFileName parse(String fileName) {
        if (fileName == null || fileName.isEmpty()) {
            throw new InvalidSdssFileNameException(fileName, "the name is empty");
        }
        if (fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0) {
            throw new InvalidSdssFileNameException(fileName, "a file name has no directory (use the last segment)");
        }
        if (fileName.startsWith("frame-")) {
            return parseFrame(fileName);
        }
        if (fileName.startsWith("spec-")) {
            return parseSpectrum(fileName);
        }
        throw new InvalidSdssFileNameException(fileName, "it starts with neither frame- nor spec-");
    }

    /** Like {@link #parse(String)}, but empty instead of a refusal. */
    public static Optional<SdssFileName> tryParse(String fileName) {
        try {
            return Optional.of(parse(fileName));
        } catch (InvalidSdssFileNameException e) {
            return Optional.empty();
        }
    }

    /**
     * The SDSS name a file claims by the last segment of its path or key: empty when that segment starts with
     * neither {@code frame-} nor {@code spec-} (a file that does not claim to be an SDSS product, e.g.
     * {@code blue_star.fits}); otherwise parsed strictly, so that a malformed SDSS-looking name is refused rather
     * than taken for a foreign one.
     *
     * @throws InvalidSdssFileNameException when the segment starts with frame- or spec- but is not a valid name
     */
    public static Optional<SdssFileName> claimed(String pathOrKey) {
        String name = lastSegment(pathOrKey);
        if (!name.startsWith("frame-") && !name.startsWith("spec-")) {
            return Optional.empty();
        }
        return Optional.of(parse(name));
    }

    /** The last segment of a path or object key ('/' or '\' separated); "" for null. */
    public static String lastSegment(String pathOrKey) {
        if (pathOrKey == null) {
            return "";
        }
        int cut = Math.max(pathOrKey.lastIndexOf('/'), pathOrKey.lastIndexOf('\\'));
        return pathOrKey.substring(cut + 1);
    }

    public boolean isFrame() {
        return kind == Kind.FRAME;
    }

    public boolean isSpectrum() {
        return kind == Kind.SPECTRUM;
    }

    /** The name without {@code .fits} and the compression suffix: {@code frame-r-002820-3-0122}. */
    public String baseName() {
        return kind == Kind.FRAME
                ? "frame-" + filter + "-" + digits(run, 6) + "-" + camcol + "-" + digits(field, 4)
                : "spec-" + digits(plate, 4) + "-" + digits(mjd, 5) + "-" + digits(fiber, 4);
    }

    /** The full file name: {@code frame-r-002820-3-0122.fits.bz2}, {@code spec-0411-51817-0119.fits}. */
    public String fileName() {
        return baseName() + ".fits" + compression.suffix();
    }

    /** The same file with another compression (frames only; a spectrum is always uncompressed). */
    public SdssFileName withCompression(Compression c) {
        return new SdssFileName(kind, filter, run, camcol, field, plate, mjd, fiber, c);
    }

    @Override
    public String toString() {
        return fileName();
    }

    // --- parsing -------------------------------------------------------------------------------------------------

    private static SdssFileName parseFrame(String name) {
        String[] parts = name.substring("frame-".length()).split("-", -1);
        if (parts.length != 4) {
            throw new InvalidSdssFileNameException(name, "a frame name has 5 parts separated by '-' "
                    + "(frame-[ugriz]-RRRRRR-C-FFFF.fits), this one has " + (parts.length + 1));
        }
        String filter = parts[0];
        if (filter.length() != 1 || FILTERS.indexOf(filter.charAt(0)) < 0) {
            throw new InvalidSdssFileNameException(name, "the filter must be one of u g r i z, not '" + filter + "'");
        }
        int run = number(name, "run", parts[1], 6, 6);
        if (run < 1) {
            throw new InvalidSdssFileNameException(name, "the run must not be 000000");
        }
        int camcol = number(name, "camcol", parts[2], 1, 1);
        if (camcol < 1 || camcol > 6) {
            throw new InvalidSdssFileNameException(name, "the camcol must be 1..6, not " + camcol);
        }
        String last = parts[3];
        int dot = last.indexOf('.');
        if (dot < 0) {
            throw new InvalidSdssFileNameException(name, "no extension (.fits, .fits.bz2 or .fits.gz)");
        }
        int field = number(name, "field", last.substring(0, dot), 4, 4);
        Compression compression = switch (last.substring(dot)) {
            case ".fits" -> Compression.NONE;
            case ".fits.bz2" -> Compression.BZIP2;
            case ".fits.gz" -> Compression.GZIP;
            default -> throw new InvalidSdssFileNameException(name, "a frame ends in .fits, .fits.bz2 or .fits.gz, "
                    + "not '" + last.substring(dot) + "'");
        };
        return frame(filter, run, camcol, field, compression);
    }

    private static SdssFileName parseSpectrum(String name) {
        String[] parts = name.substring("spec-".length()).split("-", -1);
        if (parts.length != 3) {
            throw new InvalidSdssFileNameException(name, "a spectrum name has 4 parts separated by '-' "
                    + "(spec-PPPP-MMMMM-FFFF.fits), this one has " + (parts.length + 1));
        }
        int plate = number(name, "plate", parts[0], 4, 5);
        if (parts[0].length() == 5 && parts[0].charAt(0) == '0') {
            throw new InvalidSdssFileNameException(name, "a 5-digit plate does not start with 0 (plates below "
                    + "10000 have 4 digits)");
        }
        if (plate < 1) {
            throw new InvalidSdssFileNameException(name, "the plate must not be 0000");
        }
        int mjd = number(name, "mjd", parts[1], 5, 5);
        String last = parts[2];
        int dot = last.indexOf('.');
        if (dot < 0) {
            throw new InvalidSdssFileNameException(name, "no extension (.fits)");
        }
        int fiber = number(name, "fiber", last.substring(0, dot), 4, 4);
        if (fiber < 1) {
            throw new InvalidSdssFileNameException(name, "the fiber must not be 0000");
        }
        if (!last.substring(dot).equals(".fits")) {
            throw new InvalidSdssFileNameException(name, "a spectrum ends in .fits, not '" + last.substring(dot)
                    + "'");
        }
        return spectrum(plate, mjd, fiber);
    }

    /** A decimal of minDigits..maxDigits ASCII digits (leading zeros included). */
    private static int number(String name, String what, String s, int minDigits, int maxDigits) {
        boolean digits = !s.isEmpty();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                digits = false;
                break;
            }
        }
        if (!digits || s.length() < minDigits || s.length() > maxDigits) {
            String count = minDigits == maxDigits ? minDigits + (minDigits == 1 ? " digit" : " digits")
                    : minDigits + " or " + maxDigits + " digits";
            throw new InvalidSdssFileNameException(name, "the " + what + " must be " + count + ", not '" + s + "'");
        }
        return Integer.parseInt(s);
    }

    private static String digits(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
