package org.hisscube.fetcher.catalog;

import java.util.Comparator;
import org.hisscube.contracts.sdss.SasPaths;

/** What identifies an SDSS imaging field: run, camera column (1-6) and field number. Its frames exist in ugriz. */
public record FieldKey(int run, int camcol, int field) implements Comparable<FieldKey> {
    private static final Comparator<FieldKey> ORDER = Comparator.comparingInt(FieldKey::run)
            .thenComparingInt(FieldKey::camcol).thenComparingInt(FieldKey::field);

    public FieldKey {
        if (run < 0 || camcol < 1 || camcol > 6 || field < 0) {
            throw new IllegalArgumentException("not a field key: run " + run + ", camcol " + camcol + ", field " + field);
        }
    }

    /** The frame file's SAS-relative path in one filter (u, g, r, i or z). */
    public String framePath(char filter) {
        return SasPaths.frame(filter, run, camcol, field);
    }

    /** The frame file id in one filter, e.g. {@code frame-r-002820-3-0122} (the name without extensions). */
    public String frameFileId(char filter) {
        StringBuilder b = new StringBuilder(24).append("frame-").append(filter).append('-');
        Padding.append(b, run, 6).append('-').append(camcol).append('-');
        return Padding.append(b, field, 4).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldKey k && k.run == run && k.camcol == camcol && k.field == field;
    }

    @Override
    public int hashCode() {
        return (run * 7 + camcol) * 10_007 + field;
    }

    @Override
    public int compareTo(FieldKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return run + "-" + camcol + "-" + field;
    }
}
