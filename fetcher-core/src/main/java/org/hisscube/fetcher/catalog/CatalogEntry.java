package org.hisscube.fetcher.catalog;

import java.util.List;

/**
 * One distinct spectrum of a merged import: the first-seen row, and every source that listed it.
 *
 * @param object      the first-seen row (its values win)
 * @param sourceFiles the sources that listed this key, in the order they were read, each once
 */
public record CatalogEntry(CatalogObject object, List<String> sourceFiles) {
    public CatalogEntry {
        sourceFiles = List.copyOf(sourceFiles);
    }

    /** An entry for a single row. */
    public static CatalogEntry of(CatalogObject object) {
        return new CatalogEntry(object, List.of(object.sourceFile()));
    }

    public SpectrumKey key() {
        return object.spectrumKey();
    }
}
