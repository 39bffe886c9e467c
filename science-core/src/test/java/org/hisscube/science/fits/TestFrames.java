package org.hisscube.science.fits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.hisscube.science.SampleData;

/**
 * The bundled real frames, each read (and decompressed) at most once per test JVM: reading a .fits.bz2 frame costs
 * about half a second, so test classes share them.
 */
public final class TestFrames {
    /** The r frame of the F-star field. */
    public static final String R_FRAME = "frame-r-002820-3-0122.fits.bz2";
    /** A g frame whose sky grid has 191 rows, not 192. */
    public static final String SHORT_SKY_FRAME = "frame-g-003565-1-0058.fits.bz2";

    private static final Map<String, SdssFrame> FRAMES = new ConcurrentHashMap<>();
    private static final Map<String, byte[]> DECOMPRESSED = new ConcurrentHashMap<>();

    private TestFrames() {
    }

    /** The frame read from data/sdss-sample/frames/NAME. */
    public static SdssFrame frame(String name) {
        return FRAMES.computeIfAbsent(name, n -> new SdssFrameReader().read(SampleData.frame(n)));
    }

    /** The decompressed FITS bytes of data/sdss-sample/frames/NAME (a .bz2 file). */
    public static byte[] decompressed(String name) {
        return DECOMPRESSED.computeIfAbsent(name, n -> {
            try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(SampleData.frame(n)))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).clone();
    }
}
