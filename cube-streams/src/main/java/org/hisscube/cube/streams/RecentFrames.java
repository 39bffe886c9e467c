package org.hisscube.cube.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hisscube.science.cube.FramePyramid;

/**
 * The calibrated pyramids of the frames this cube instance touched last, by image-segment key, the least recently
 * used dropped first. The {@link RawFileIngester} puts each frame's pyramid here once its segment is uploaded, the
 * {@link TargetLinker} looks here before it downloads a segment: a spectrum linked on the instance that ingested its
 * frames reads no image segment back from the store. A pyramid kept here equals the one
 * {@link FramePyramid#fromSegment} reads from the uploaded segment (the segment stores it unchanged, float32), so a
 * hit and a miss give the same target. Thread-safe (stream threads share it).
 */
public final class RecentFrames {
    private final int capacity;
    private final Map<String, FramePyramid> pyramids;

    /** @param capacity how many pyramids to keep (each ≈ 1.33 × 2 × 4 bytes per zoom-0 pixel; 0 keeps none) */
    public RecentFrames(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.capacity = capacity;
        this.pyramids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FramePyramid> eldest) {
                return size() > RecentFrames.this.capacity;
            }
        };
    }

    public synchronized Optional<FramePyramid> get(String segmentKey) {
        return Optional.ofNullable(pyramids.get(segmentKey));
    }

    public synchronized void put(String segmentKey, FramePyramid pyramid) {
        if (capacity > 0) {
            pyramids.put(Objects.requireNonNull(segmentKey, "segmentKey"), Objects.requireNonNull(pyramid, "pyramid"));
        }
    }

    public synchronized int size() {
        return pyramids.size();
    }

    public int capacity() {
        return capacity;
    }
}
