package org.hisscube.science.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.hdf5.ImageSegmentWriter;
import org.hisscube.science.pyramid.ImagePyramid;

/**
 * One imaging frame end to end: read (decompressing .bz2 on the fly), calibrate with σ, build the zoom pyramid and
 * write the HDF5 image segment. The cube-service, {@code hisscube cube build} and the benchmark all call this.
 */
public final class FrameIngest {
    private final SdssFrameReader reader;
    private final FrameCalibrator calibrator;
    private final int zooms;

    public FrameIngest() {
        this(new SdssFrameReader(), new FrameCalibrator(), ImagePyramid.DEFAULT_LEVELS);
    }

    public FrameIngest(SdssFrameReader reader, FrameCalibrator calibrator, int zooms) {
        this.reader = reader;
        this.calibrator = calibrator;
        this.zooms = zooms;
    }

    /** What one ingest produced and where the time went (nanoseconds). */
    public record Result(SdssFrame frame, ImagePyramid pyramid, Path segment, long segmentBytes, long readNanos,
            long calibrateNanos, long pyramidNanos, long writeNanos) {
        public long totalNanos() {
            return readNanos + calibrateNanos + pyramidNanos + writeNanos;
        }
    }

    public Result ingest(Path frameFile, Path segmentFile) {
        return ingest(frameFile, segmentFile, false);
    }

    /**
     * Ingests a local file; with {@code nativeBunzip2} a {@code .bz2} file is decompressed by the machine's
     * {@code bunzip2} in a child process (see {@link NativeBunzip2}) instead of in Java.
     */
    public Result ingest(Path frameFile, Path segmentFile, boolean nativeBunzip2) {
        boolean useNative = nativeBunzip2 && frameFile.getFileName().toString().endsWith(".bz2");
        try (InputStream in = useNative ? NativeBunzip2.open(frameFile) : Files.newInputStream(frameFile)) {
            return ingest(in, frameFile.getFileName().toString(), segmentFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + frameFile, e);
        }
    }

    /** Ingests a frame read from a stream (a file, an object-store object, bytes in memory). */
    public Result ingest(InputStream in, String fileName, Path segmentFile) {
        long t0 = System.nanoTime();
        SdssFrame frame = reader.read(in, fileName);
        long t1 = System.nanoTime();
        CalibratedImage image = calibrator.calibrate(frame);
        long t2 = System.nanoTime();
        ImagePyramid pyramid = ImagePyramid.of(image, zooms);
        long t3 = System.nanoTime();
        long bytes = ImageSegmentWriter.write(segmentFile, frame, pyramid).sizeBytes();
        long t4 = System.nanoTime();
        return new Result(frame, pyramid, segmentFile, bytes, t1 - t0, t2 - t1, t3 - t2, t4 - t3);
    }
}
