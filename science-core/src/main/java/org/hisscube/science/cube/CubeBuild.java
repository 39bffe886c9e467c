package org.hisscube.science.cube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.pyramid.ImagePyramid;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.sdss.SdssFileName;

/**
 * The batch cube build ({@code hisscube cube build}): local FITS files in, one export file out.
 *
 * <ol>
 *   <li>Finds frames ({@code frame-[ugriz]-RRRRRR-C-FFFF.fits[.bz2|.gz]}) and spectra ({@code spec-PPPP-MMMMM-FFFF.fits})
 *       recursively under the input folder (following symbolic links), in file-name order; a file name seen twice
 *       is used once (the first path in order) and the duplicate reported as skipped.</li>
 *   <li>Reads, calibrates and pyramids the frames one at a time, keeping only the pyramids ({@link FramePyramid});
 *       reads the spectra.</li>
 *   <li>Builds the targets with {@link TargetBuilder} and writes the export with {@link CubeExportWriter}.</li>
 * </ol>
 * A file that cannot be read is reported in {@link Summary#skipped()} with its cause and the build goes on; a
 * folder without any input file is an error. Progress lines ({@code "[3/34] frame-r-002820-3-0122.fits.bz2: 0.4 s"})
 * go to the callback.
 */
public final class CubeBuild {

    private CubeBuild() {
    }

    /** What a build did. */
    public record Summary(Path out, long bytes, int zooms, List<String> frameFiles, List<String> spectrumFiles,
            List<String> skipped, List<Target> targets, List<Refusal> refusals, double seconds) {
        public Summary {
            frameFiles = List.copyOf(frameFiles);
            spectrumFiles = List.copyOf(spectrumFiles);
            skipped = List.copyOf(skipped);
            targets = List.copyOf(targets);
            refusals = List.copyOf(refusals);
        }

        /** Targets per class (CLASS of the spectrum), sorted by class. */
        public Map<String, Integer> targetsPerClass() {
            Map<String, Integer> m = new TreeMap<>();
            for (Target t : targets) {
                m.merge(t.objectClass() == null || t.objectClass().isBlank() ? "?" : t.objectClass().trim(), 1,
                        Integer::sum);
            }
            return m;
        }
    }

    /** Frames and spectra under {@code inputDir}, each list sorted by file name then path; duplicates removed. */
    record Inputs(List<Path> frames, List<Path> spectra, List<String> duplicates) {
    }

    static Inputs find(Path inputDir) {
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException(inputDir + " is not a folder");
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(inputDir, FileVisitOption.FOLLOW_LINKS)) {
            all = new ArrayList<>(s.filter(Files::isRegularFile).toList());
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot list " + inputDir + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).thenComparing(Path::toString));
        List<Path> frames = new ArrayList<>();
        List<Path> spectra = new ArrayList<>();
        List<String> dup = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path p : all) {
            String name = p.getFileName().toString();
            SdssFileName sdss = SdssFileName.tryParse(name).orElse(null);
            if (sdss == null) {
                continue; // not an SDSS frame or spectrum name
            }
            boolean frame = sdss.isFrame();
            if (!seen.add(name)) {
                dup.add(p + ": skipped, same file name as an earlier file");
                continue;
            }
            (frame ? frames : spectra).add(p);
        }
        return new Inputs(frames, spectra, dup);
    }

    /**
     * Runs the build.
     *
     * @param zooms    number of zooms, 1..4
     * @param progress receives one line per file and per step (may be a no-op)
     */
    public static Summary run(Path inputDir, Path out, int zooms, Consumer<String> progress) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(progress, "progress");
        if (zooms < 1 || zooms > ImagePyramid.DEFAULT_LEVELS) {
            throw new IllegalArgumentException("zooms must be 1.." + ImagePyramid.DEFAULT_LEVELS + ", got " + zooms);
        }
        long t0 = System.nanoTime();
        Inputs in = find(inputDir);
        if (in.frames().isEmpty() && in.spectra().isEmpty()) {
            throw new IllegalArgumentException("no frame-*.fits[.bz2] or spec-*.fits files under " + inputDir);
        }
        List<String> skipped = new ArrayList<>(in.duplicates());
        int total = in.frames().size() + in.spectra().size();
        int k = 0;
        SdssFrameReader reader = new SdssFrameReader();
        FrameCalibrator calibrator = new FrameCalibrator();
        List<FramePyramid> frames = new ArrayList<>();
        List<String> frameFiles = new ArrayList<>();
        for (Path p : in.frames()) {
            k++;
            long s = System.nanoTime();
            String name = p.getFileName().toString();
            try {
                frames.add(FramePyramid.read(p, reader, calibrator, zooms));
                frameFiles.add(name);
                progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: %.1f s", k, total, name, secs(s)));
            } catch (RuntimeException e) {
                skipped.add(name + ": " + message(e));
                progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: skipped: %s", k, total, name, message(e)));
            }
        }
        SpectrumReader spectrumReader = new SpectrumReader();
        List<SdssSpectrum> spectra = new ArrayList<>();
        List<String> spectrumFiles = new ArrayList<>();
        for (Path p : in.spectra()) {
            k++;
            long s = System.nanoTime();
            String name = p.getFileName().toString();
            try {
                SdssSpectrum sp = spectrumReader.read(p);
                TargetBuilder.targetId(sp);
                spectra.add(sp);
                spectrumFiles.add(name);
                progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: %.1f s", k, total, name, secs(s)));
            } catch (RuntimeException e) {
                skipped.add(name + ": " + message(e));
                progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: skipped: %s", k, total, name, message(e)));
            }
        }
        long s = System.nanoTime();
        TargetBuilder.Result r = new TargetBuilder().build(frames, spectra, zooms);
        frames.clear();
        progress.accept(String.format(Locale.ROOT, "linked %d target(s), refused %d: %.1f s", r.targets().size(),
                r.refusals().size(), secs(s)));
        s = System.nanoTime();
        long bytes = CubeExportWriter.write(out, r.targets(), zooms, r.refusals());
        progress.accept(String.format(Locale.ROOT, "wrote %s (%d bytes): %.1f s", out, bytes, secs(s)));
        return new Summary(out, bytes, zooms, frameFiles, spectrumFiles, skipped, r.targets(), r.refusals(),
                secs(t0));
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
