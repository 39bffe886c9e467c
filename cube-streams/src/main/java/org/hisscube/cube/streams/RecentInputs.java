package org.hisscube.cube.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hisscube.science.cube.FramePyramid;
import org.hisscube.science.spectrum.SdssSpectrum;

/**
 * The inputs this cube instance touched last, the least recently used dropped first: calibrated frame pyramids by
 * image-segment key, and parsed spectra by raw-file key. The {@link RawFileIngester} puts each frame's pyramid here
 * once its segment is uploaded, and each spectrum once it has checked the raw file's sha256; the
 * {@link TargetLinker} looks here before it reads from the store. So a target linked on the instance that ingested its
 * files reads no image segment and no raw spectrum back.
 *
 * <p>A hit and a miss give the same target. A pyramid kept here equals the one {@link FramePyramid#fromSegment} reads
 * from the uploaded segment (the segment stores it unchanged, float32). A spectrum kept here was parsed from the
 * very bytes the store holds under its key (sha256-checked), and {@link SdssSpectrum} is immutable. Thread-safe
 * (stream threads and the linker's readers share it).
 */
public final class RecentInputs {
    /** Spectra kept per frame pyramid of capacity: a spectrum is ~150 kB, a pyramid of a 2048×1489 frame ~32 MB. */
    public static final int SPECTRA_PER_FRAME = 16;
    private final int capacity;
    private final Map<String, FramePyramid> pyramids;
    private final Map<String, SdssSpectrum> spectra;

    /**
     * @param capacity how many pyramids to keep (each ≈ 1.33 × 2 × 4 bytes per zoom-0 pixel; 0 keeps none), and
     *                 {@value #SPECTRA_PER_FRAME} times as many spectra
     */
    public RecentInputs(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.capacity = capacity;
        this.pyramids = lru(capacity);
        this.spectra = lru(capacity * SPECTRA_PER_FRAME);
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    public synchronized Optional<FramePyramid> frame(String segmentKey) {
        return Optional.ofNullable(pyramids.get(segmentKey));
    }

    public synchronized void putFrame(String segmentKey, FramePyramid pyramid) {
        if (capacity > 0) {
            pyramids.put(Objects.requireNonNull(segmentKey, "segmentKey"), Objects.requireNonNull(pyramid, "pyramid"));
        }
    }

    public synchronized Optional<SdssSpectrum> spectrum(String rawKey) {
        return Optional.ofNullable(spectra.get(rawKey));
    }

    public synchronized void putSpectrum(String rawKey, SdssSpectrum spectrum) {
        if (capacity > 0) {
            spectra.put(Objects.requireNonNull(rawKey, "rawKey"), Objects.requireNonNull(spectrum, "spectrum"));
        }
    }

    /** Pyramids kept. */
    public synchronized int size() {
        return pyramids.size();
    }

    public synchronized int spectraKept() {
        return spectra.size();
    }

    /** Pyramids kept at most. */
    public int capacity() {
        return capacity;
    }
}
