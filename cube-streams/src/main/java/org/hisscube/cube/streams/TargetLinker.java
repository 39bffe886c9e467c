package org.hisscube.cube.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.hisscube.contracts.events.Event;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.science.ScienceException;
import org.hisscube.science.cube.CubeExportWriter;
import org.hisscube.science.cube.FramePyramid;
import org.hisscube.science.cube.Refusal;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetBuilder;
import org.hisscube.science.cutout.CutoutSource;
import org.hisscube.science.hdf5.ImageSegmentLayout;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;
import org.hisscube.science.wcs.TanWcs;

/**
 * Links one target from what the spatial index knows: the spectra of its order-15 cell and the frames covering its
 * order-10 cell.
 *
 * <ol>
 *   <li>The position is that of the first spectrum by file name (as in {@link TargetBuilder}). A frame contains it
 *       when its zoom-0 WCS puts it on the image.</li>
 *   <li>Until frames of all five bands contain it the target is {@code WAITING} (a link wait).</li>
 *   <li>Then the inputs (segment keys) are compared with the last attempt's: the same inputs change nothing (a
 *       replay). Otherwise the frames' pyramids are read back from their image segments, the spectra from their raw
 *       files, and {@link TargetBuilder} — the code {@code hisscube cube build} runs — makes the target or says why
 *       not (e.g. every cutout crosses an edge).</li>
 *   <li>A target is written as a one-row export file ({@link CubeExportWriter}) under
 *       {@code cube/targets/<id>/v<version>.h5}, the version one more than the last; only then is the
 *       {@link TargetUpdated} event made.</li>
 * </ol>
 * Pyramids of recently used frames are kept in a small cache ({@link RecentInputs}: neighbouring targets share frames;
 * the ingester puts the frames it has just uploaded there). On a cache miss only the pixels the target's cutouts read
 * are fetched, by range requests, when the segment carries its layout (5 requests, about 2.6 MB of a 32 MB segment at 4
 * zooms: spans less than {@link ImageSegmentLayout#MAX_GAP_BYTES} apart are read by one request).
 */
public final class TargetLinker {
    private final ObjectStore store;
    private final int zooms;
    private final Path scratch;
    private final TargetBuilder builder = new TargetBuilder();
    private final SpectrumReader spectrumReader = new SpectrumReader();
    private final RecentInputs cache;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TargetLinker.class);
    /** Reads the frames of a link at once: a target has five or more (one per band and epoch). Daemon threads. */
    private static final java.util.concurrent.ExecutorService READS = java.util.concurrent.Executors
            .newFixedThreadPool(5, r -> {
                Thread t = new Thread(r, "link-frame-read");
                t.setDaemon(true);
                return t;
            });
    private CubeMetrics metrics;
    private boolean windows = true;
    private int windowGap = ImageSegmentLayout.MAX_GAP_BYTES;

    /**
     * @param state the new state of the target (store it)
     * @param event the event to publish, or null when nothing new was built
     */
    public record Outcome(TargetState state, TargetUpdated event, boolean changed) {
    }

    public TargetLinker(ObjectStore store, int zooms, Path scratch, int cachedFrames) {
        this(store, zooms, scratch, new RecentInputs(cachedFrames));
    }

    /** @param recent pyramids of recent frames, shared with the instance's {@link RawFileIngester} */
    public TargetLinker(ObjectStore store, int zooms, Path scratch, RecentInputs recent) {
        this.store = Objects.requireNonNull(store, "store");
        this.zooms = zooms;
        this.scratch = Objects.requireNonNull(scratch, "scratch");
        this.cache = Objects.requireNonNull(recent, "recent");
    }

    /**
     * Times each linking stage ({@code kind="link"}: {@code read_frames}, {@code read_spectra}, {@code build},
     * {@code write_target}) and counts where each frame's pyramid came from ({@code hisscube.cube.link_frame_reads},
     * {@code source} = {@code cache} or {@code store}).
     */
    public TargetLinker metrics(CubeMetrics m) {
        this.metrics = m;
        return this;
    }

    /**
     * Reads whole image segments on a cache miss instead of their cutout windows (the way linking worked before
     * segments carried their layout; {@code bench cube} measures one against the other).
     */
    public TargetLinker wholeSegmentReads() {
        this.windows = false;
        return this;
    }

    /**
     * Reads each array's window by its own range request (8 per frame at 4 zooms) instead of merging spans less than
     * {@link ImageSegmentLayout#MAX_GAP_BYTES} apart ({@code bench cube} measures one against the other).
     */
    public TargetLinker separateRangeRequests() {
        this.windowGap = -1;
        return this;
    }

    /** True when the frame's zoom-0 image contains (ra, dec). */
    public static boolean contains(FrameIngested frame, double ra, double dec) {
        TanWcs wcs = RawFileIngester.wcsOf(frame.wcs());
        double[] p = wcs.worldToPixel(ra, dec);
        return wcs.contains(p[0], p[1]);
    }

    /**
     * @param spectra    the target's spectra (any order, at least one)
     * @param cellFrames frames covering the target's order-10 cell
     * @param previous   the last state, or null
     */
    public Outcome link(long targetId, List<SpectrumIngested> spectra, List<FrameIngested> cellFrames,
            TargetState previous) {
        List<SpectrumIngested> group = new ArrayList<>(spectra);
        group.sort(Comparator.comparing(TargetLinker::spectrumFileName));
        SpectrumIngested first = first(group);
        double ra = first.ra();
        double dec = first.dec();
        List<FrameIngested> covering = cellFrames.stream().filter(f -> contains(f, ra, dec))
                .sorted(Comparator.comparing(FrameIngested::fileId)).toList();
        Set<String> bands = new TreeSet<>(Comparator.comparingInt(TargetBuilder.BANDS::indexOf));
        covering.forEach(f -> bands.add(f.filter()));
        List<String> spectrumIds = group.stream().map(SpectrumIngested::fileId).sorted().toList();
        List<String> frameIds = covering.stream().map(FrameIngested::fileId).toList();
        int version = previous == null ? 0 : previous.version();
        String lastKey = previous == null ? null : previous.targetKey();
        long lastBytes = previous == null ? 0 : previous.targetBytes();

        if (!bands.containsAll(TargetBuilder.BANDS)) {
            List<String> reasons = new ArrayList<>();
            for (String b : TargetBuilder.BANDS) {
                if (!bands.contains(b)) {
                    reasons.add(String.format(Locale.ROOT, "%s: no frame of band %s ingested yet contains (ra %.6f,"
                            + " dec %.6f)", b, b, ra, dec));
                }
            }
            TargetState s = new TargetState(targetId, TargetState.Status.WAITING, ra, dec, first.objectClass(),
                    first.subclass(), first.redshift(), version, lastKey, lastBytes, List.copyOf(bands), frameIds,
                    spectrumIds, List.of(), reasons);
            return new Outcome(s, null, !s.equals(previous));
        }

        List<String> inputs = new ArrayList<>();
        covering.forEach(f -> inputs.add(f.segmentKey()));
        group.forEach(g -> inputs.add(g.segmentKey()));
        inputs.sort(null);
        if (previous != null && previous.status() != TargetState.Status.WAITING && previous.inputs().equals(inputs)) {
            return new Outcome(previous, null, false);
        }

        long t0 = System.nanoTime();
        List<SdssSpectrum> read = new ArrayList<>();
        for (SpectrumIngested s : group) {
            read.add(spectrum(s));
        }
        long t1 = System.nanoTime();
        stage("read_spectra", t1 - t0);
        SdssSpectrum anchor = TargetBuilder.anchor(read);
        // the frames are read at once (range requests and downloads wait on the network, not the CPU)
        List<java.util.concurrent.Future<FramePyramid>> reads = new ArrayList<>();
        for (FrameIngested f : covering) {
            reads.add(READS.submit(() -> pyramid(f, anchor.plugRa(), anchor.plugDec())));
        }
        List<FramePyramid> pyramids = new ArrayList<>();
        for (var r : reads) {
            pyramids.add(join(r, reads));
        }
        long t2 = System.nanoTime();
        stage("read_frames", t2 - t1);
        TargetBuilder.Result r;
        try {
            r = builder.build(pyramids, read, zooms);
        } catch (ScienceException e) {
            throw new RefusedInputException("invalid_target", "target " + targetId + " from " + inputs + ": "
                    + e.getMessage(), e);
        }
        long t3 = System.nanoTime();
        stage("build", t3 - t2);
        if (!r.refusals().isEmpty() || r.targets().isEmpty()) {
            List<String> reasons = r.refusals().isEmpty() ? List.of("no target was built")
                    : r.refusals().get(0).reasons();
            TargetState s = new TargetState(targetId, TargetState.Status.REFUSED, ra, dec, first.objectClass(),
                    first.subclass(), first.redshift(), version, lastKey, lastBytes, List.copyOf(bands), frameIds,
                    spectrumIds, inputs, reasons);
            return new Outcome(s, null, true);
        }
        Target t = r.targets().get(0);
        if (t.id() != targetId) {
            throw new IllegalStateException("target " + targetId + " built as " + t.id());
        }
        int next = version + 1;
        String key = CubeKeys.target(targetId, next);
        long bytes = writeTarget(t, key);
        stage("write_target", System.nanoTime() - t3);
        List<String> usedFrames = t.frameFiles().stream().map(CubeKeys::baseName).toList();
        List<String> usedSpectra = t.spectrumFiles().stream().map(CubeKeys::baseName).toList();
        TargetState s = new TargetState(targetId, TargetState.Status.BUILT, t.ra(), t.dec(), t.objectClass(),
                t.subClass(), t.redshift(), next, key, bytes, t.bands(), usedFrames, usedSpectra, inputs, List.of());
        TargetUpdated event = new TargetUpdated(java.util.UUID.randomUUID().toString(), Event.SCHEMA_VERSION,
                Instant.now(), targetId, t.ra(), t.dec(), t.objectClass(), t.redshift(), next, store.bucket(), key,
                t.bands(), usedFrames, usedSpectra, zooms);
        return new Outcome(s, event, true);
    }

    /** The spectrum that gives a target its position, class and redshift: the first by file name. */
    static SpectrumIngested first(List<SpectrumIngested> spectra) {
        return spectra.stream().min(Comparator.comparing(TargetLinker::spectrumFileName)).orElseThrow();
    }

    private static String spectrumFileName(SpectrumIngested s) {
        String k = s.sourceKey();
        return k == null ? s.fileId() : k.substring(k.lastIndexOf('/') + 1);
    }

    private void stage(String stage, long nanos) {
        if (metrics != null) {
            metrics.stage("link", stage, nanos);
        }
    }

    /**
     * The frame's pyramid for a target at (ra, dec): the whole pyramid from {@link RecentInputs} when this instance
     * has it; else, when the segment carries its layout ({@link RawFileIngester#SEGMENT_LAYOUT_METADATA}), only the
     * pixels the cutouts read, by range requests ({@code source=window}; not cached: it serves this position only);
     * else the whole segment, read back and cached ({@code source=store}). A layout that does not fit the object or
     * the frame's WCS is logged and the whole segment is read instead.
     */
    private FramePyramid pyramid(FrameIngested f, double ra, double dec) {
        var recent = cache.frame(f.segmentKey());
        if (recent.isPresent()) {
            readFrom("cache");
            return recent.get();
        }
        String key = f.segmentKey();
        ObjectInfo info = store.stat(key).orElseThrow(() -> new RefusedInputException("missing_object", key
                + ": no such object in bucket " + store.bucket()));
        String layout = info.userMetadata().get(RawFileIngester.SEGMENT_LAYOUT_METADATA);
        if (windows && layout != null) {
            try {
                ImageSegmentLayout l = ImageSegmentLayout.decode(layout);
                var pyramid = l.readWindows(RawFileIngester.wcsOf(f.wcs()), zooms, info.size(), ra, dec,
                        (offset, length) -> store.getRange(key, offset, length), windowGap);
                readFrom("window");
                return new FramePyramid(new CutoutSource(l.sourceFile(), l.filter(), l.mjd()), pyramid);
            } catch (ScienceException | IllegalArgumentException e) {
                LOG.warnf("%s (image segment of %s): cannot read its cutout windows (%s); reading it whole", key,
                        f.fileId(), e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + key + " from the store", e);
            }
        }
        readFrom("store");
        Path tmp = download(key, ".h5");
        try {
            FramePyramid p = FramePyramid.fromSegment(tmp, zooms);
            cache.putFrame(key, p);
            return p;
        } catch (ScienceException e) {
            throw new RefusedInputException("invalid_segment", key + " (image segment of " + f.fileId()
                    + "): " + e.getMessage(), e);
        } finally {
            RawFileIngester.deleteQuietly(tmp);
        }
    }

    /** The frame's pyramid read by {@link #READS}; its failure as it was thrown (the other reads cancelled). */
    private static FramePyramid join(java.util.concurrent.Future<FramePyramid> read,
            List<java.util.concurrent.Future<FramePyramid>> all) {
        try {
            return read.get();
        } catch (java.util.concurrent.ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading frames", e);
        }
    }

    private void readFrom(String source) {
        if (metrics != null) {
            metrics.linkFrameRead(source);
        }
    }

    private void spectrumFrom(String source) {
        if (metrics != null) {
            metrics.linkSpectrumRead(source);
        }
    }

    /**
     * The spectrum's parsed raw file: from {@link RecentInputs} when this instance ingested it ({@code
     * hisscube_cube_link_spectrum_reads_total{source="cache"}}), else read from the store ({@code source="store"}; one
     * request, and only when it fails a second to tell a missing file, a refusal, from a store that fails).
     */
    private SdssSpectrum spectrum(SpectrumIngested s) {
        String key = s.sourceKey();
        if (key == null) {
            throw new RefusedInputException("no_source_key", s.fileId() + ": the spectrum event names no raw file");
        }
        var recent = cache.spectrum(key);
        if (recent.isPresent()) {
            spectrumFrom("cache");
            return recent.get();
        }
        spectrumFrom("store");
        byte[] bytes;
        try {
            bytes = store.getBytes(key);
        } catch (org.hisscube.contracts.store.ObjectStoreException e) {
            if (store.stat(key).isEmpty()) {
                throw new RefusedInputException("missing_object", key + ": no such object (raw file of "
                        + s.fileId() + ")", e);
            }
            throw e;
        }
        try {
            SdssSpectrum read = spectrumReader.read(bytes, spectrumFileName(s));
            cache.putSpectrum(key, read);
            return read;
        } catch (ScienceException e) {
            throw new RefusedInputException("invalid_file", e.getMessage(), e);
        }
    }

    private long writeTarget(Target t, String key) {
        Path tmp = scratchFile(".h5");
        try {
            CubeExportWriter.write(tmp, List.of(t), zooms, List.of());
            long size = Files.size(tmp);
            try (InputStream in = Files.newInputStream(tmp)) {
                store.put(key, in, size, "application/x-hdf5", Map.of("target-id", Long.toString(t.id())));
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write target " + t.id(), e);
        } finally {
            RawFileIngester.deleteQuietly(tmp);
        }
    }

    private Path download(String key, String suffix) {
        Path tmp = scratchFile(suffix);
        try (InputStream in = store.get(key)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            RawFileIngester.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot read " + key + " from the store", e);
        }
    }

    private Path scratchFile(String suffix) {
        try {
            Files.createDirectories(scratch);
            return Files.createTempFile(scratch, "target-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch file in " + scratch, e);
        }
    }

    /** For the export: a built target's refusal record when it was refused. */
    public static Refusal refusalOf(TargetState s) {
        return new Refusal(s.targetId(), s.ra(), s.dec(), s.spectrumFileIds(), s.reasons());
    }
}
