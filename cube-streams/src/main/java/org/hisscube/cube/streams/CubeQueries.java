package org.hisscube.cube.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.science.healpix.Healpix;

/**
 * Answers questions about the cube from the topology's state stores (Kafka Streams interactive queries): statistics
 * and cone searches. The stores of one instance hold the partitions it owns; a single instance holds the whole cube.
 */
public final class CubeQueries {
    /** Where the stores come from (a running {@code KafkaStreams}, or a test driver). */
    public interface Stores {
        ReadOnlyKeyValueStore<String, IngestedFile> ingested();

        ReadOnlyKeyValueStore<Long, CellContents.Spectra> cellSpectra();

        ReadOnlyKeyValueStore<Long, TargetState> targets();
    }

    /** Cube statistics. */
    public record Stats(Map<String, Long> filesIngested, long segments, Map<String, Long> segmentBytes,
            Map<Integer, Long> bytesPerZoom, Map<String, Long> targetsByStatus, Map<String, Long> targetsPerClass,
            long targetBytes, List<TargetState> refused, List<TargetState> waiting) {
    }

    /**
     * The statistics of the whole cube from those of its instances (each holds a disjoint share of the partitions, so
     * counts add up and lists concatenate).
     */
    public static Stats merge(List<Stats> shares) {
        Map<String, Long> files = new TreeMap<>();
        Map<String, Long> segBytes = new TreeMap<>();
        Map<Integer, Long> perZoom = new TreeMap<>();
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> perClass = new TreeMap<>();
        List<TargetState> refused = new ArrayList<>();
        List<TargetState> waiting = new ArrayList<>();
        long segments = 0;
        long targetBytes = 0;
        for (Stats s : shares) {
            s.filesIngested().forEach((k, v) -> files.merge(k, v, Long::sum));
            s.segmentBytes().forEach((k, v) -> segBytes.merge(k, v, Long::sum));
            s.bytesPerZoom().forEach((k, v) -> perZoom.merge(k, v, Long::sum));
            s.targetsByStatus().forEach((k, v) -> byStatus.merge(k, v, Long::sum));
            s.targetsPerClass().forEach((k, v) -> perClass.merge(k, v, Long::sum));
            refused.addAll(s.refused());
            waiting.addAll(s.waiting());
            segments += s.segments();
            targetBytes += s.targetBytes();
        }
        refused.sort(Comparator.comparingLong(TargetState::targetId));
        waiting.sort(Comparator.comparingLong(TargetState::targetId));
        return new Stats(files, segments, segBytes, perZoom, byStatus, perClass, targetBytes, refused, waiting);
    }

    /** The hits of several instances' cone searches as one, nearest first. */
    public static List<Hit> mergeHits(List<List<Hit>> shares) {
        List<Hit> hits = new ArrayList<>();
        shares.forEach(hits::addAll);
        hits.sort(Comparator.comparingDouble(Hit::distanceArcsec));
        return hits;
    }

    /** A target near a cone search's centre. */
    public record Hit(double distanceArcsec, TargetState target) {
    }

    private final Stores stores;

    public CubeQueries(Stores stores) {
        this.stores = stores;
    }

    public Stats stats() {
        Map<String, Long> files = new TreeMap<>();
        Map<String, Long> segBytes = new TreeMap<>();
        Map<Integer, Long> perZoom = new TreeMap<>();
        long segments = 0;
        try (KeyValueIterator<String, IngestedFile> it = stores.ingested().all()) {
            while (it.hasNext()) {
                IngestedFile f = it.next().value;
                files.merge(f.kind(), 1L, Long::sum);
                segBytes.merge(f.kind(), f.segmentBytes(), Long::sum);
                segments++;
                for (int z = 0; z < f.zoomBytes().size(); z++) {
                    perZoom.merge(z, f.zoomBytes().get(z), Long::sum);
                }
            }
        }
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> perClass = new TreeMap<>();
        List<TargetState> refused = new ArrayList<>();
        List<TargetState> waiting = new ArrayList<>();
        long targetBytes = 0;
        try (KeyValueIterator<Long, TargetState> it = stores.targets().all()) {
            while (it.hasNext()) {
                TargetState t = it.next().value;
                byStatus.merge(t.status().name().toLowerCase(), 1L, Long::sum);
                switch (t.status()) {
                    case BUILT -> {
                        perClass.merge(className(t), 1L, Long::sum);
                        targetBytes += t.targetBytes();
                    }
                    case REFUSED -> refused.add(t);
                    case WAITING -> waiting.add(t);
                }
            }
        }
        return new Stats(files, segments, segBytes, perZoom, byStatus, perClass, targetBytes, refused, waiting);
    }

    /** Every target state (any status), by id. */
    public List<TargetState> all() {
        List<TargetState> l = new ArrayList<>();
        try (KeyValueIterator<Long, TargetState> it = stores.targets().all()) {
            it.forEachRemaining(kv -> l.add(kv.value));
        }
        return l;
    }

    public TargetState target(long id) {
        return stores.targets().get(id);
    }

    /**
     * Built targets within {@code radiusDeg} of (ra, dec), nearest first: the order-10 cells of the disc
     * (inclusive) are looked up in the spatial index, then the exact distance decides.
     */
    public List<Hit> cone(double ra, double dec, double radiusDeg) {
        if (!(dec >= -90 && dec <= 90) || !Double.isFinite(ra) || !(radiusDeg > 0)) {
            throw new IllegalArgumentException("need a finite ra, -90 <= dec <= 90 and radius > 0");
        }
        long[] cells = Healpix.queryDiscInclusive(LinkItem.CELL_ORDER, ra, dec, Math.toRadians(radiusDeg));
        TreeSet<Long> ids = new TreeSet<>();
        for (long c : cells) {
            CellContents.Spectra s = stores.cellSpectra().get(c);
            if (s != null) {
                s.spectra().stream().map(SpectrumIngested::healpix15).forEach(ids::add);
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (long id : ids) {
            TargetState t = stores.targets().get(id);
            if (t == null || t.status() != TargetState.Status.BUILT) {
                continue;
            }
            double d = separationDeg(ra, dec, t.ra(), t.dec());
            if (d <= radiusDeg) {
                hits.add(new Hit(d * 3600, t));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::distanceArcsec));
        return hits;
    }

    /** Angular separation in degrees (haversine, accurate at small angles). */
    public static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double dp = p2 - p1;
        double dl = Math.toRadians(ra2 - ra1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2)
                * Math.sin(dl / 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    private static String className(TargetState t) {
        return t.objectClass() == null || t.objectClass().isBlank() ? "?" : t.objectClass().trim();
    }
}
