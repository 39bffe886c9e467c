package org.hisscube.fetcher.catalog;

import java.util.Comparator;
import org.hisscube.contracts.sdss.SasPaths;

/**
 * What identifies an SDSS spectrum: plate, MJD of the observation and fiber. Exact in every catalog, unlike
 * {@code specobjid}, which spreadsheets round.
 */
public record SpectrumKey(int plate, int mjd, int fiber) implements Comparable<SpectrumKey> {
    private static final Comparator<SpectrumKey> ORDER = Comparator.comparingInt(SpectrumKey::plate)
            .thenComparingInt(SpectrumKey::mjd).thenComparingInt(SpectrumKey::fiber);

    public SpectrumKey {
        if (plate <= 0 || mjd <= 0 || fiber <= 0) {
            throw new IllegalArgumentException("not a spectrum key: plate " + plate + ", mjd " + mjd + ", fiber " + fiber);
        }
    }

    /** The spec-lite file's SAS-relative path (DR17 layout, reduction chosen by plate and MJD). */
    public String sasPath() {
        return SasPaths.spectrum(plate, mjd, fiber);
    }

    /** The file id, e.g. {@code spec-3126-54804-0211} (the name of {@link #sasPath()} without extension). */
    public String fileId() {
        StringBuilder b = new StringBuilder(22).append("spec-");
        Padding.append(b, plate, 4).append('-');
        Padding.append(b, mjd, 5).append('-');
        return Padding.append(b, fiber, 4).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpectrumKey k && k.plate == plate && k.mjd == mjd && k.fiber == fiber;
    }

    @Override
    public int hashCode() {
        return (plate * 100_003 + mjd) * 10_007 + fiber;
    }

    @Override
    public int compareTo(SpectrumKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return plate + "-" + mjd + "-" + fiber;
    }
}
