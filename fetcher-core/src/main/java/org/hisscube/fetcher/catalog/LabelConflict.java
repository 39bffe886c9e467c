package org.hisscube.fetcher.catalog;

import java.util.List;

/**
 * A spectrum that different rows label differently.
 *
 * @param key     the spectrum (plate, mjd, fiber)
 * @param classes the distinct classes, first-seen first (the first is the one the merged object keeps)
 * @param files   every source that listed the key, in reading order, each once
 */
public record LabelConflict(SpectrumKey key, List<String> classes, List<String> files) {
    public LabelConflict {
        classes = List.copyOf(classes);
        files = List.copyOf(files);
    }
}
