package org.hisscube.cube.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.testsupport.SharedLocalStack;

/**
 * The real sample's F-star field as the fetcher would leave it: the five frames of 2820-3-0122, the three F-star
 * spectra and the edge galaxy stored under {@code raw/<SAS path>}, with their claim checks.
 */
public final class SampleRawFiles {
    public static final long FSTAR_ID = 4657128951L;
    public static final List<String> FRAMES = List.of("frame-u-002820-3-0122.fits.bz2", "frame-g-002820-3-0122.fits.bz2",
            "frame-r-002820-3-0122.fits.bz2", "frame-i-002820-3-0122.fits.bz2", "frame-z-002820-3-0122.fits.bz2");
    public static final List<String> FSTAR_SPECTRA = List.of("spec-3126-54804-0211.fits", "spec-3127-54835-0622.fits",
            "spec-7330-56684-0434.fits");
    public static final String EDGE_GALAXY = "spec-4238-55455-0037.fits";

    private SampleRawFiles() {
    }

    public static Path file(String name) {
        return SharedLocalStack.sampleFolder().resolve(name.startsWith("frame-") ? "frames" : "spectra")
                .resolve(name);
    }

    /** Stores the file under {@code <prefix><SAS path>} (once) and returns its claim check. */
    public static RawFileStored stage(ObjectStore store, String prefix, String name) {
        return stage(store, prefix, name, read(file(name)));
    }

    public static RawFileStored stage(ObjectStore store, String prefix, String name, byte[] bytes) {
        String key = prefix + SasPaths.forFileName(name);
        if (store.stat(key).map(i -> i.size() != bytes.length).orElse(true)) {
            store.put(key, bytes, "application/fits", Map.of());
        }
        FileKind kind = name.startsWith("frame-") ? FileKind.FRAME : FileKind.SPECTRUM;
        return RawFileStored.of(CubeKeys.baseName(name), kind, store.bucket(), key, sha256(bytes), bytes.length,
                "https://data.sdss.org/sas/dr17/" + SasPaths.forFileName(name), Map.of());
    }

    public static List<RawFileStored> stageAll(ObjectStore store, String prefix, List<String> names) {
        List<RawFileStored> l = new ArrayList<>();
        names.forEach(n -> l.add(stage(store, prefix, n)));
        return l;
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The target id (HEALPix order-15 cell) of the edge galaxy, from its file. */
    public static long edgeGalaxyId() {
        return org.hisscube.science.cube.TargetBuilder.targetId(
                new org.hisscube.science.spectrum.SpectrumReader().read(file(EDGE_GALAXY)));
    }
}
