package org.hisscube.cube.streams;

import java.util.Locale;
import org.hisscube.contracts.store.ObjectKeys;

/**
 * Where the cube's objects live in the bucket. Every key derives from source ids only, so a replayed event
 * overwrites the same object with the same bytes (idempotent writes).
 *
 * <pre>
 * cube/images/&lt;run&gt;/&lt;camcol&gt;/frame-r-002820-3-0122.h5        image segment of a frame file
 * cube/spectra/&lt;plate&gt;/spec-3126-54804-0211.h5                   spectrum segment of a spec-lite file
 * cube/targets/&lt;target id&gt;/v&lt;version&gt;.h5                       a target (one-row export file), per version
 * cube/exports/&lt;name&gt;.h5                                         exports written on request
 * </pre>
 */
public final class CubeKeys {
    public static final String PREFIX = "cube/";

    private CubeKeys() {
    }

    /** The base name of a FITS file: without {@code .fits}, {@code .fits.bz2} or {@code .fits.gz}. */
    public static String baseName(String fileName) {
        return org.hisscube.sdss.SdssFileName.parse(fileName).baseName();
    }

    public static String imageSegment(int run, int camcol, String frameFileName) {
        return ObjectKeys.require(String.format(Locale.ROOT, "cube/images/%06d/%d/%s.h5", run, camcol,
                baseName(frameFileName)));
    }

    public static String spectrumSegment(int plate, String spectrumFileName) {
        return ObjectKeys.require(String.format(Locale.ROOT, "cube/spectra/%04d/%s.h5", plate,
                baseName(spectrumFileName)));
    }

    public static String target(long targetId, int version) {
        return ObjectKeys.require(String.format(Locale.ROOT, "cube/targets/%d/v%d.h5", targetId, version));
    }

    public static String export(String name) {
        if (!name.matches("[A-Za-z0-9._-]{1,100}") || name.startsWith(".")) {
            throw new IllegalArgumentException("export name must be 1-100 letters, digits, '.', '_' or '-': " + name);
        }
        return ObjectKeys.require("cube/exports/" + name + ".h5");
    }
}
