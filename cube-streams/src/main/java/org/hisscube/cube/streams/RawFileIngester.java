package org.hisscube.cube.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hisscube.contracts.events.Event;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.science.ScienceException;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.hdf5.FrameFootprint;
import org.hisscube.science.hdf5.ImageSegmentLayout;
import org.hisscube.science.hdf5.ImageSegmentWriter;
import org.hisscube.science.hdf5.SegmentFile;
import org.hisscube.science.hdf5.SpectrumSegmentWriter;
import org.hisscube.science.ingest.FrameIngest;
import org.hisscube.science.pyramid.ZoomLevel;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumPyramid;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.science.spectrum.SpectrumRebinner;
import org.hisscube.science.cube.FramePyramid;
import org.hisscube.science.cutout.CutoutSource;
import org.hisscube.science.wcs.TanWcs;

/**
 * Turns one claim check into a segment: reads the raw object from the store (streamed, its sha256 checked against
 * the claim check), runs the science core (frames: read, calibrate with σ, zoom pyramid, image segment; spectra:
 * read (a spectrum whose ivar are all 0 is refused by the reader), rebin to the HiSS grid, pyramid, spectrum segment), writes the segment under its deterministic key
 * ({@link CubeKeys}) and returns the event that announces it. The object is written before the event exists.
 *
 * <p>Wrong-for-good input throws {@link RefusedInputException} naming the file and the cause; store outages throw
 * the store's exception (the caller retries). Thread-safe; one scratch file per call.
 */
public final class RawFileIngester {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RawFileIngester.class);
    /** Timer (tag {@code kind}: frame, spectrum) of the scratch segment's deletion after its upload. */
    public static final String SEGMENT_DELETE_TIMER = "hisscube.cube.segment_delete";
    /**
     * User metadata of an image segment: its {@link ImageSegmentLayout} (where each zoom's arrays lie in the file),
     * so that the linker can read only the cutout windows with range requests.
     */
    public static final String SEGMENT_LAYOUT_METADATA = "segment-layout";
    private final ObjectStore store;
    private final int zooms;
    private final Path scratch;
    private final CubeMetrics metrics;
    private final SdssFrameReader frameReader = new SdssFrameReader();
    private final SpectrumReader spectrumReader = new SpectrumReader();
    private final FrameIngest frameIngest;
    private final RecentInputs recent;

    /** The event announcing the segment (a {@link FrameIngested} or {@link SpectrumIngested}), its key, the record. */
    public record Ingested(Event event, String key, IngestedFile file) {
    }

    public RawFileIngester(ObjectStore store, int zooms, Path scratch, CubeMetrics metrics) {
        this(store, zooms, scratch, metrics, new RecentInputs(0));
    }

    /** @param recent where each frame's pyramid goes once its segment is uploaded, for the instance's linker */
    public RawFileIngester(ObjectStore store, int zooms, Path scratch, CubeMetrics metrics, RecentInputs recent) {
        this.recent = Objects.requireNonNull(recent, "recent");
        this.store = Objects.requireNonNull(store, "store");
        this.zooms = zooms;
        this.scratch = Objects.requireNonNull(scratch, "scratch");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.frameIngest = new FrameIngest(frameReader, new FrameCalibrator(), zooms);
    }

    public int zooms() {
        return zooms;
    }

    public Ingested ingest(RawFileStored claim) {
        if (!store.bucket().equals(claim.bucket())) {
            throw new RefusedInputException("foreign_bucket", claim.key() + ": the claim check names bucket "
                    + claim.bucket() + ", this cube reads bucket " + store.bucket());
        }
        ObjectInfo info = store.stat(claim.key()).orElseThrow(() -> new RefusedInputException("missing_object",
                claim.key() + ": no such object in bucket " + store.bucket() + " (claim check " + claim.fileId()
                        + ")"));
        long limit = claim.kind() == FileKind.FRAME ? frameReader.maxInputBytes() : SpectrumReader.MAX_FILE_BYTES;
        if (info.size() > limit) {
            throw new RefusedInputException("too_large", claim.key() + ": " + info.size() + " bytes, more than the "
                    + limit + " a " + claim.kind().name().toLowerCase() + " file may have");
        }
        if (claim.sizeBytes() != info.size()) {
            throw new RefusedInputException("size_mismatch", claim.key() + ": the claim check says "
                    + claim.sizeBytes() + " bytes, the stored object has " + info.size());
        }
        String fileName = claim.key().substring(claim.key().lastIndexOf('/') + 1);
        try {
            return claim.kind() == FileKind.FRAME ? frame(claim, fileName) : spectrum(claim, fileName);
        } catch (ScienceException e) {
            throw new RefusedInputException("invalid_file", e.getMessage(), e);
        }
    }

    private Ingested frame(RawFileStored claim, String fileName) {
        Path tmp = scratchFile(".h5");
        try {
            FrameIngest.Result r;
            try {
                r = readFrame(claim, fileName, tmp);
            } catch (ScienceException e) {
                // a connection dropped mid-object reads like a truncated file: only a file that fails the same
                // way twice is the file's fault
                r = readFrame(claim, fileName, tmp);
            }
            SdssFrame f = r.frame();
            String key = CubeKeys.imageSegment(f.run(), f.camcol(), fileName);
            long t0 = System.nanoTime();
            Map<String, String> layout = layoutOf(tmp, key);
            long layoutNanos = System.nanoTime() - t0;
            t0 = System.nanoTime();
            upload(key, tmp, claim, layout);
            long uploadNanos = System.nanoTime() - t0;
            recent.putFrame(key, new FramePyramid(new CutoutSource(fileName, f.filter(), f.mjd()), r.pyramid()));
            metrics.segmentWritten("frame", r.writeNanos() + uploadNanos, r.segmentBytes());
            metrics.stage("frame", "read_decode", r.readNanos());
            metrics.stage("frame", "calibrate", r.calibrateNanos());
            metrics.stage("frame", "pyramid", r.pyramidNanos());
            metrics.stage("frame", "write_local", r.writeNanos() + layoutNanos);
            metrics.stage("frame", "upload", uploadNanos);
            List<Long> zoomBytes = new ArrayList<>();
            for (ZoomLevel level : r.pyramid().levels()) {
                zoomBytes.add(2L * Float.BYTES * level.width() * level.height());
            }
            long[] cells = FrameFootprint.healpixCells(f.wcs());
            List<Long> cellList = new ArrayList<>(cells.length);
            for (long c : cells) {
                cellList.add(c);
            }
            FrameIngested event = new FrameIngested(newId(), Event.SCHEMA_VERSION, Instant.now(), claim.fileId(),
                    f.filter(), f.run(), f.camcol(), f.field(), f.mjd(), store.bucket(), key, zooms,
                    ImageSegmentWriter.HEALPIX_ORDER, cellList, wcsMap(f.wcs()));
            metrics.fileIngested("frame");
            return new Ingested(event, claim.fileId(),
                    new IngestedFile(claim.fileId(), "frame", claim.sha256(), key, r.segmentBytes(), zoomBytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + claim.key() + " from the store", e);
        } finally {
            deleteSegment(tmp, "frame");
        }
    }

    /** Reads, calibrates and pyramids the frame streamed from the store into {@code segment}; checks its sha256. */
    private FrameIngest.Result readFrame(RawFileStored claim, String fileName, Path segment) throws IOException {
        MessageDigest sha = sha256();
        FrameIngest.Result r;
        try (InputStream in = new DigestInputStream(store.get(claim.key()), sha)) {
            r = frameIngest.ingest(in, fileName, segment);
            in.transferTo(OutputStream.nullOutputStream());
        }
        checkSha(claim, sha);
        return r;
    }

    private Ingested spectrum(RawFileStored claim, String fileName) {
        byte[] bytes = store.getBytes(claim.key());
        MessageDigest sha = sha256();
        sha.update(bytes);
        checkSha(claim, sha);
        SdssSpectrum s = spectrumReader.read(bytes, fileName);
        recent.putSpectrum(claim.key(), s);
        SpectrumPyramid pyramid = SpectrumPyramid.build(SpectrumRebinner.toHissGrid(s), zooms);
        Path tmp = scratchFile(".h5");
        try {
            long t0 = System.nanoTime();
            SegmentFile seg = SpectrumSegmentWriter.write(tmp, s, pyramid);
            String key = CubeKeys.spectrumSegment(s.plate(), fileName);
            upload(key, tmp, claim, Map.of());
            metrics.segmentWritten("spectrum", System.nanoTime() - t0, seg.sizeBytes());
            List<Long> zoomBytes = new ArrayList<>();
            for (int z = 0; z < pyramid.zoomCount(); z++) {
                zoomBytes.add(2L * Float.BYTES * pyramid.zoom(z).length());
            }
            long cell = SpectrumSegmentWriter.healpix15(s);
            SpectrumIngested event = new SpectrumIngested(newId(), Event.SCHEMA_VERSION, Instant.now(),
                    claim.fileId(), s.plate(), s.mjd(), s.fiberId(), s.plugRa(), s.plugDec(), cell, s.className(),
                    s.subClass(), s.z(), s.zWarning(), s.observationMjd(), store.bucket(), key, zooms, claim.key());
            metrics.fileIngested("spectrum");
            return new Ingested(event, Long.toString(cell),
                    new IngestedFile(claim.fileId(), "spectrum", claim.sha256(), key, seg.sizeBytes(), zoomBytes));
        } finally {
            deleteSegment(tmp, "spectrum");
        }
    }

    /**
     * Removes the scratch copy of a segment once it is uploaded (or the ingest failed). The stream thread pays this
     * before the event leaves (a 32 MB image segment is freed by the file system inside the call), so it is timed:
     * {@value #SEGMENT_DELETE_TIMER} by kind.
     */
    private void deleteSegment(Path tmp, String kind) {
        long t0 = System.nanoTime();
        deleteQuietly(tmp);
        io.micrometer.core.instrument.Timer.builder(SEGMENT_DELETE_TIMER)
                .description("time to delete a segment's scratch file after its upload").tag("kind", kind)
                .register(metrics.registry()).record(java.time.Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * The segment's layout as user metadata, or none (then the linker reads the segment whole): a segment this
     * ingester has just written always has one, but not finding it must not refuse a good file.
     */
    private static Map<String, String> layoutOf(Path segment, String key) {
        try {
            return ImageSegmentLayout.of(segment).map(l -> Map.of(SEGMENT_LAYOUT_METADATA, l.encode()))
                    .orElse(Map.of());
        } catch (ScienceException | IllegalArgumentException e) {
            LOG.warnf("%s: no layout stored with the segment (%s); linkers will read it whole", key, e.getMessage());
            return Map.of();
        }
    }

    private void upload(String key, Path file, RawFileStored claim, Map<String, String> extra) {
        LOG.infof("uploading segment %s of %s", key, claim.fileId());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source-key", claim.key());
        meta.put("source-sha256", claim.sha256());
        meta.putAll(extra);
        try (InputStream in = Files.newInputStream(file)) {
            store.put(key, in, Files.size(file), "application/x-hdf5", meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the segment written to " + file, e);
        }
    }

    /** The keys of a {@link FrameIngested} event's WCS. */
    static final List<String> WCS_KEYS = List.of("CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2",
            "CD2_1", "CD2_2", "NAXIS1", "NAXIS2");

    /** True when every WCS key is there with a finite value and the image has a positive size. */
    static boolean isCompleteWcs(Map<String, Double> m) {
        if (m == null) {
            return false;
        }
        for (String k : WCS_KEYS) {
            Double v = m.get(k);
            if (v == null || !Double.isFinite(v)) {
                return false;
            }
        }
        return m.get("NAXIS1") >= 1 && m.get("NAXIS2") >= 1;
    }

    static Map<String, Double> wcsMap(TanWcs w) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("CRVAL1", w.crval1());
        m.put("CRVAL2", w.crval2());
        m.put("CRPIX1", w.crpix1());
        m.put("CRPIX2", w.crpix2());
        m.put("CD1_1", w.cd11());
        m.put("CD1_2", w.cd12());
        m.put("CD2_1", w.cd21());
        m.put("CD2_2", w.cd22());
        m.put("NAXIS1", (double) w.naxis1());
        m.put("NAXIS2", (double) w.naxis2());
        return m;
    }

    /** The zoom-0 WCS of a {@link FrameIngested} event. */
    static TanWcs wcsOf(Map<String, Double> m) {
        return new TanWcs(m.get("CRVAL1"), m.get("CRVAL2"), m.get("CRPIX1"), m.get("CRPIX2"), m.get("CD1_1"),
                m.get("CD1_2"), m.get("CD2_1"), m.get("CD2_2"), m.get("NAXIS1").intValue(),
                m.get("NAXIS2").intValue());
    }

    private static void checkSha(RawFileStored claim, MessageDigest sha) {
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(claim.sha256())) {
            throw new RefusedInputException("checksum_mismatch", claim.key() + ": sha256 of the stored object is "
                    + actual + ", the claim check says " + claim.sha256());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path scratchFile(String suffix) {
        try {
            Files.createDirectories(scratch);
            return Files.createTempFile(scratch, "segment-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch file in " + scratch, e);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // scratch only
        }
    }

    private static String newId() {
        return java.util.UUID.randomUUID().toString();
    }
}
