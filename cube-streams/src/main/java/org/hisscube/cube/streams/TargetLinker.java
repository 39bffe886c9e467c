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
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.science.ScienceException;
import org.hisscube.science.cube.CubeExportWriter;
import org.hisscube.science.cube.FramePyramid;
import org.hisscube.science.cube.Refusal;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetBuilder;
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
 * Pyramids of recently used frames are kept in a small cache ({@link RecentFrames}: neighbouring targets share frames;
 * the ingester puts the frames it has just uploaded there).
 */
public final class TargetLinker {
    private final ObjectStore store;
    private final int zooms;
    private final Path scratch;
    private final TargetBuilder builder = new TargetBuilder();
    private final SpectrumReader spectrumReader = new SpectrumReader();
    private final RecentFrames cache;
    private CubeMetrics metrics;

    /**
     * @param state the new state of the target (store it)
     * @param event the event to publish, or null when nothing new was built
     */
    public record Outcome(TargetState state, TargetUpdated event, boolean changed) {
    }

    public TargetLinker(ObjectStore store, int zooms, Path scratch, int cachedFrames) {
        this(store, zooms, scratch, new RecentFrames(cachedFrames));
    }

    /** @param recent pyramids of recent frames, shared with the instance's {@link RawFileIngester} */
    public TargetLinker(ObjectStore store, int zooms, Path scratch, RecentFrames recent) {
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
        List<FramePyramid> pyramids = new ArrayList<>();
        for (FrameIngested f : covering) {
            pyramids.add(pyramid(f));
        }
        long t1 = System.nanoTime();
        stage("read_frames", t1 - t0);
        List<SdssSpectrum> read = new ArrayList<>();
        for (SpectrumIngested s : group) {
            read.add(spectrum(s));
        }
        long t2 = System.nanoTime();
        stage("read_spectra", t2 - t1);
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

    private FramePyramid pyramid(FrameIngested f) {
        var recent = cache.get(f.segmentKey());
        if (metrics != null) {
            metrics.linkFrameRead(recent.isPresent() ? "cache" : "store");
        }
        if (recent.isPresent()) {
            return recent.get();
        }
        Path tmp = download(f.segmentKey(), ".h5");
        try {
            FramePyramid p = FramePyramid.fromSegment(tmp, zooms);
            cache.put(f.segmentKey(), p);
            return p;
        } catch (ScienceException e) {
            throw new RefusedInputException("invalid_segment", f.segmentKey() + " (image segment of " + f.fileId()
                    + "): " + e.getMessage(), e);
        } finally {
            RawFileIngester.deleteQuietly(tmp);
        }
    }

    private SdssSpectrum spectrum(SpectrumIngested s) {
        if (s.sourceKey() == null) {
            throw new RefusedInputException("no_source_key", s.fileId() + ": the spectrum event names no raw file");
        }
        if (store.stat(s.sourceKey()).isEmpty()) {
            throw new RefusedInputException("missing_object", s.sourceKey() + ": no such object (raw file of "
                    + s.fileId() + ")");
        }
        try {
            return spectrumReader.read(store.getBytes(s.sourceKey()), spectrumFileName(s));
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
        if (store.stat(key).isEmpty()) {
            throw new RefusedInputException("missing_object", key + ": no such object in bucket " + store.bucket());
        }
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
