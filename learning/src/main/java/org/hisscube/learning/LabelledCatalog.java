package org.hisscube.learning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hisscube.fetcher.catalog.CatalogMerger;
import org.hisscube.fetcher.catalog.CatalogObject;
import org.hisscube.fetcher.catalog.CatalogReader;
import org.hisscube.fetcher.catalog.LabelConflict;
import org.hisscube.fetcher.catalog.MergeResult;
import org.hisscube.fetcher.catalog.SpectrumKey;
import org.hisscube.simulator.SourceCatalog;

/**
 * The real labelled objects of a catalog folder, ready for the photometry track: read with the importer's reader
 * (every dialect, −9999 as missing), deduplicated on (plate, MJD, fiber) across files, keys that files label
 * differently dropped, rows without a spectrum key dropped (they cannot be deduplicated, so they could repeat a test
 * object), rows with a missing or implausible magnitude dropped. The split is a fixed function of the key:
 * <b>test</b> = the simulator's held-out keys ({@link SourceCatalog#isHeldOut}: one in ten, never simulated),
 * <b>validation</b> = one in nine of the others by a second hash, <b>train</b> = the rest.
 */
public final class LabelledCatalog {
    /** One object. */
    public record Row(Long objId, int plate, int mjd, int fiber, String className, double[] vector, Part part) {
    }

    /** Which part of the fixed split a row belongs to. */
    public enum Part {
        TRAIN, VALIDATION, TEST
    }

    /** How the rows were chosen. */
    public record Counts(long rowsRead, int distinctKeys, int conflictingKeys, int withoutKey, int badMagnitudes,
            int otherClass, int used) {
    }

    private final List<Row> rows;
    private final Counts counts;

    private LabelledCatalog(List<Row> rows, Counts counts) {
        this.rows = List.copyOf(rows);
        this.counts = counts;
    }

    public static Part partOf(int plate, int mjd, int fiber) {
        if (SourceCatalog.isHeldOut(plate, mjd, fiber)) {
            return Part.TEST;
        }
        long h = (((long) plate * 100_003L + mjd) * 1_009L + fiber) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return Long.remainderUnsigned(h, 9) == 0 ? Part.VALIDATION : Part.TRAIN;
    }

    public static LabelledCatalog load(Path folder) {
        try {
            MergeResult merged = CatalogMerger.merge(new CatalogReader().readDirectory(folder));
            Set<SpectrumKey> conflicting = new HashSet<>();
            for (LabelConflict c : merged.conflicts()) {
                conflicting.add(c.key());
            }
            List<Row> rows = new ArrayList<>();
            int bad = 0;
            int other = 0;
            for (var e : merged.entries()) {
                CatalogObject o = e.object();
                if (conflicting.contains(e.key())) {
                    continue;
                }
                if (o.objectClass() == null || !Evaluation.CLASSES.contains(o.objectClass())) {
                    other++;
                    continue;
                }
                double[] v = PhotometryVector.of(ugriz(o));
                if (v == null) {
                    bad++;
                    continue;
                }
                rows.add(new Row(o.objId(), o.plate(), o.mjd(), o.fiberId(), o.objectClass(), v,
                        partOf(o.plate(), o.mjd(), o.fiberId())));
            }
            if (rows.isEmpty()) {
                throw new LearningException("no usable labelled row in " + folder);
            }
            return new LabelledCatalog(rows, new Counts(merged.summary().rowsRead(), merged.entries().size(),
                    conflicting.size(), merged.withFieldIdsOnly().size() + merged.withoutIdentifiers().size(), bad,
                    other, rows.size()));
        } catch (IOException e) {
            throw new LearningException("cannot read the catalogs in " + folder + ": " + e.getMessage(), e);
        }
    }

    static double[] ugriz(CatalogObject o) {
        double[] m = new double[5];
        for (int b = 0; b < 5; b++) {
            m[b] = o.magnitudes().bandOrNaN("ugriz".charAt(b));
        }
        return m;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Row> part(Part p) {
        return rows.stream().filter(r -> r.part() == p).toList();
    }

    public Counts counts() {
        return counts;
    }
}
