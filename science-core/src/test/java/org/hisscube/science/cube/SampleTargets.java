package org.hisscube.science.cube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hisscube.science.SampleData;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;

/** The real sample's F star field, read once per test JVM: 5 frames of 2820-3-0122, 3 F-star spectra, 1 edge galaxy. */
final class SampleTargets {
    static final long FSTAR_ID = 4657128951L;
    static final List<String> FRAMES = List.of("frame-u-002820-3-0122.fits.bz2", "frame-g-002820-3-0122.fits.bz2",
            "frame-r-002820-3-0122.fits.bz2", "frame-i-002820-3-0122.fits.bz2", "frame-z-002820-3-0122.fits.bz2");
    static final List<String> FSTAR_SPECTRA = List.of("spec-3126-54804-0211.fits", "spec-3127-54835-0622.fits",
            "spec-7330-56684-0434.fits");
    static final String EDGE_GALAXY = "spec-4238-55455-0037.fits";
    static final int ZOOMS = 4;

    private static List<FramePyramid> frames;
    private static List<SdssSpectrum> spectra;
    private static TargetBuilder.Result result;

    private SampleTargets() {
    }

    static synchronized List<FramePyramid> frames() {
        if (frames == null) {
            SdssFrameReader reader = new SdssFrameReader();
            FrameCalibrator calibrator = new FrameCalibrator();
            List<FramePyramid> list = new ArrayList<>();
            for (String f : FRAMES) {
                list.add(FramePyramid.read(SampleData.frame(f), reader, calibrator, ZOOMS));
            }
            frames = List.copyOf(list);
        }
        return frames;
    }

    static synchronized List<SdssSpectrum> spectra() {
        if (spectra == null) {
            SpectrumReader reader = new SpectrumReader();
            List<SdssSpectrum> list = new ArrayList<>();
            for (String s : spectrumFiles()) {
                list.add(reader.read(SampleData.spectrum(s)));
            }
            spectra = List.copyOf(list);
        }
        return spectra;
    }

    static List<String> spectrumFiles() {
        List<String> all = new ArrayList<>(FSTAR_SPECTRA);
        all.add(EDGE_GALAXY);
        return all;
    }

    static synchronized TargetBuilder.Result result() {
        if (result == null) {
            result = new TargetBuilder().build(frames(), spectra(), ZOOMS);
        }
        return result;
    }

    static Target fstar() {
        return result().targets().get(0);
    }

    /** Writes the five frames' image segments into dir: frame file name → segment file, in name order. */
    static java.util.Map<String, Path> writeSegments(Path dir) {
        java.util.Map<String, Path> segments = new java.util.TreeMap<>();
        for (FramePyramid f : frames()) {
            Path segment = dir.resolve(f.fileName().replace(".fits.bz2", ".h5"));
            org.hisscube.science.hdf5.ImageSegmentWriter.write(segment,
                    org.hisscube.science.fits.TestFrames.frame(f.fileName()), f.pyramid());
            segments.put(f.fileName(), segment);
        }
        return segments;
    }

    /** Every input file path (the frames and the four spectra). */
    static List<Path> inputPaths() {
        List<Path> p = new ArrayList<>();
        FRAMES.forEach(f -> p.add(SampleData.frame(f)));
        spectrumFiles().forEach(s -> p.add(SampleData.spectrum(s)));
        return p;
    }
}
