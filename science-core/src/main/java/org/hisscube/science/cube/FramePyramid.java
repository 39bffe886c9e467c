package org.hisscube.science.cube;

import java.nio.file.Path;
import java.util.Objects;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.cutout.CutoutSource;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.hdf5.ImageSegmentReader;
import org.hisscube.science.pyramid.ImagePyramid;

/**
 * What the target builder needs of one frame: its calibrated zoom pyramid (values and σ) and where it comes from
 * (file name, filter, time). The raw frame (counts, sky grid, header) is not kept, so a batch build holds about one
 * pyramid (≈ 1.33 × data + σ of zoom 0) per frame.
 *
 * @param source  file name, filter (u, g, r, i, z) and TAI MJD of the frame
 * @param pyramid the calibrated zoom pyramid
 */
public record FramePyramid(CutoutSource source, ImagePyramid pyramid) {
    public FramePyramid {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pyramid, "pyramid");
    }

    /** The pyramid of a calibrated frame. */
    public static FramePyramid of(CalibratedImage image, int zooms) {
        return new FramePyramid(CutoutSource.of(image), ImagePyramid.of(image, zooms));
    }

    /** Reads (.fits or .fits.bz2), calibrates and pyramids one frame file; only the pyramid is kept. */
    public static FramePyramid read(Path file, SdssFrameReader reader, FrameCalibrator calibrator, int zooms) {
        CalibratedImage image = calibrator.calibrate(reader.read(file));
        return new FramePyramid(new CutoutSource(file.getFileName().toString(), image.filter(), image.mjd()),
                ImagePyramid.of(image, zooms));
    }

    /**
     * The pyramid of a frame as stored in its image segment (written by
     * {@link org.hisscube.science.hdf5.ImageSegmentWriter}): the source is (root attribute {@code source_file},
     * {@code metadata/filter}, {@code metadata/mjd}), the levels are {@code zoom_<z>/data} and {@code errors} for
     * z = 0..zooms-1 with the WCS of the {@code zoom_0} attributes binned per zoom. Nothing is recomputed, so the
     * result equals the pyramid the segment was written from.
     *
     * @param zooms number of zooms to read (≥ 1, at most the segment's {@code zoom_count})
     * @throws org.hisscube.science.ScienceException when the file is not an image segment or lacks a zoom asked for
     *         (the message names the file and what is missing)
     * @throws java.io.UncheckedIOException when the file does not exist
     * @see org.hisscube.science.hdf5.ImageSegmentReader
     */
    public static FramePyramid fromSegment(Path segmentFile, int zooms) {
        if (zooms < 1) {
            throw new IllegalArgumentException("zooms must be >= 1: " + zooms);
        }
        ImageSegmentReader.ImageSegment s = ImageSegmentReader.read(segmentFile, zooms);
        return new FramePyramid(new CutoutSource(s.sourceFile(), s.filter(), s.mjd()), s.pyramid());
    }

    public String fileName() {
        return source.frameFileName();
    }

    public String filter() {
        return source.filter();
    }

    public int zoomCount() {
        return pyramid.size();
    }
}
