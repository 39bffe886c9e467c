package org.hisscube.simulator;

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

/**
 * The real labelled catalog rows the simulator draws its objects from: every distinct spectrum (plate, MJD, fiber)
 * of {@code data/catalogs/} with a class (STAR, GALAXY, QSO), a redshift and all five magnitudes in [10, 30], read by
 * the catalog importer's own reader (its quirks — misnamed files, rounded ids, -9999 — handled there), minus keys
 * that different files label differently, minus the held-out rows.
 *
 * <p><b>Held out</b>: a row whose key {@link #isHeldOut(int, int, int)} — a fixed hash of (plate, MJD, fiber), one
 * key in ten — is never simulated, so models trained on simulated data can be scored on real objects they never
 * saw. The rule depends on nothing but the key: any tool can apply it to any catalog.
 */
public final class SourceCatalog {
    /** One real row as the simulator uses it. */
    public record Row(int plate, int mjd, int fiber, String className, double redshift, double[] ugriz,
            String sourceFile, int line) {
    }

    private final List<Row> rows;
    private final int heldOut;
    private final int read;

    private SourceCatalog(List<Row> rows, int heldOut, int read) {
        this.rows = rows;
        this.heldOut = heldOut;
        this.read = read;
    }

    public static SourceCatalog load(Path catalogDir) {
        try {
            MergeResult merged = CatalogMerger.merge(new CatalogReader().readDirectory(catalogDir));
            Set<SpectrumKey> conflicting = new HashSet<>();
            for (LabelConflict c : merged.conflicts()) {
                conflicting.add(c.key());
            }
            List<Row> rows = new ArrayList<>();
            int held = 0;
            for (var e : merged.entries()) {
                CatalogObject o = e.object();
                if (conflicting.contains(e.key()) || o.objectClass() == null || o.redshift() == null
                        || !List.of("STAR", "GALAXY", "QSO").contains(o.objectClass())) {
                    continue;
                }
                double[] m = new double[5];
                boolean ok = true;
                for (int b = 0; b < 5; b++) {
                    m[b] = o.magnitudes().bandOrNaN(RealSurvey.BANDS.charAt(b));
                    ok &= m[b] >= 10 && m[b] <= 30;
                }
                if (!ok) {
                    continue;
                }
                if (isHeldOut(o.plate(), o.mjd(), o.fiberId())) {
                    held++;
                    continue;
                }
                rows.add(new Row(o.plate(), o.mjd(), o.fiberId(), o.objectClass(), o.redshift(), m, o.sourceFile(),
                        o.line()));
            }
            if (rows.isEmpty()) {
                throw new SimulatorException("no usable labelled row in " + catalogDir);
            }
            return new SourceCatalog(List.copyOf(rows), held, merged.entries().size());
        } catch (IOException e) {
            throw new SimulatorException("cannot read the catalogs in " + catalogDir + ": " + e.getMessage(), e);
        }
    }

    /** True for the one key in ten that the simulator never uses (a fixed 64-bit mix of plate, MJD and fiber). */
    public static boolean isHeldOut(int plate, int mjd, int fiber) {
        long h = ((long) plate << 32) ^ ((long) mjd << 12) ^ fiber;
        h = Seeds.mix(h ^ 0x5EEDF00DL);
        return Long.remainderUnsigned(h, 10) == 0;
    }

    public List<Row> rows() {
        return rows;
    }

    public int heldOut() {
        return heldOut;
    }

    public int distinctSpectraRead() {
        return read;
    }
}
