package org.hisscube.simulator;

import java.nio.file.Path;

/**
 * What to simulate.
 *
 * @param objects  number of objects (each with five bands and a spectrum), 1 .. 1,000,000
 * @param seed     the seed: the same seed and options give byte-identical files
 * @param out      the folder the survey is written to, in the DR17 SAS layout
 * @param perField objects per field, 1 .. 40 (spread at least 60 pixels apart, 100 pixels clear of the edges)
 * @param epochs   imaging epochs of every field (each a new run, 30 days apart, independent noise), 1 .. 50
 * @param bzip2    frames as {@code .fits.bz2} (as the SAS serves them) or as plain {@code .fits}
 * @param threads  fields simulated at once (each worker holds one field: about 60 MB)
 * @param dataDir  the project's real data ({@code data/}): templates and catalogs
 */
public record SimulationOptions(int objects, long seed, Path out, int perField, int epochs, boolean bzip2,
        int threads, Path dataDir, double overlap) {
    /** Fields side by side without overlap. */
    public SimulationOptions(int objects, long seed, Path out, int perField, int epochs, boolean bzip2, int threads,
            Path dataDir) {
        this(objects, seed, out, perField, epochs, bzip2, threads, dataDir, 0.0);
    }

    public SimulationOptions {
        check(overlap >= 0 && overlap <= 0.5, "--overlap must be 0..0.5 (a fraction of a frame), not " + overlap);
        check(objects >= 1 && objects <= 1_000_000, "--objects must be 1..1000000, not " + objects);
        check(perField >= 1 && perField <= 40, "--per-field must be 1..40, not " + perField);
        check(epochs >= 1 && epochs <= 50, "--epochs must be 1..50, not " + epochs);
        check(threads >= 1 && threads <= 256, "threads must be 1..256, not " + threads);
        check(out != null && dataDir != null, "out and dataDir are required");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new SimulatorException(message);
        }
    }

    public int fields() {
        return (objects + perField - 1) / perField;
    }
}
