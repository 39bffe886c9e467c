package org.hisscube.fetcher.catalog;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Merges catalog sources: deduplicates on (plate, mjd, fiberid) across and within sources, keeping the
 * first-seen row's values; records keys whose rows disagree on the class as {@link LabelConflict}s; keeps rows
 * without spectrum ids apart (they cannot be deduplicated). Sources are merged in the order they are added, so
 * "first seen" is reproducible for a given order (e.g. {@link CatalogReader#readDirectory}'s file-name order).
 *
 * <p>Not thread-safe; add sources from one thread, then call {@link #result()} (any number of times).
 */
public final class CatalogMerger {
    private final Map<SpectrumKey, Slot> byKey = new HashMap<>();
    private final List<CatalogObject> fieldOnly = new ArrayList<>();
    private final List<CatalogObject> unidentified = new ArrayList<>();
    private final List<RowProblem> skipped = new ArrayList<>();
    private int files;
    private long rows;
    private long duplicates;

    /** Merges a whole import in one call. */
    public static MergeResult merge(List<CatalogReadResult> sources) {
        CatalogMerger merger = new CatalogMerger();
        sources.forEach(merger::add);
        return merger.result();
    }

    /** Adds one source. */
    public CatalogMerger add(CatalogReadResult source) {
        files++;
        rows += source.rowsRead();
        skipped.addAll(source.skipped());
        for (CatalogObject o : source.objects()) {
            add(o);
        }
        return this;
    }

    private void add(CatalogObject o) {
        if (!o.hasSpectrumIds()) {
            (o.hasFieldIds() ? fieldOnly : unidentified).add(o);
            return;
        }
        SpectrumKey key = o.spectrumKey();
        Slot slot = byKey.get(key);
        if (slot == null) {
            byKey.put(key, new Slot(o));
            return;
        }
        duplicates++;
        if (!slot.files.contains(o.sourceFile())) {
            slot.files.add(o.sourceFile());
        }
        if (o.objectClass() != null && !slot.classes.contains(o.objectClass())) {
            slot.classes.add(o.objectClass());
        }
    }

    /** The merged view of everything added so far. */
    public MergeResult result() {
        TreeMap<SpectrumKey, Slot> sorted = new TreeMap<>(byKey);
        List<CatalogEntry> entries = new ArrayList<>(sorted.size());
        List<LabelConflict> conflicts = new ArrayList<>();
        Map<String, Integer> perClass = new TreeMap<>();
        for (Map.Entry<SpectrumKey, Slot> e : sorted.entrySet()) {
            Slot slot = e.getValue();
            entries.add(new CatalogEntry(slot.first, slot.files));
            if (slot.classes.size() > 1) {
                conflicts.add(new LabelConflict(e.getKey(), slot.classes, slot.files));
            }
            count(perClass, slot.first);
        }
        fieldOnly.forEach(o -> count(perClass, o));
        unidentified.forEach(o -> count(perClass, o));
        Map<SkipReason, Long> byReason = new EnumMap<>(SkipReason.class);
        for (RowProblem p : skipped) {
            byReason.merge(p.reason(), 1L, Long::sum);
        }
        long rowsSkipped = skipped.stream().filter(p -> p.line() > 0).count();
        ImportSummary summary = new ImportSummary(files, rows, rowsSkipped, byReason, entries.size(), duplicates,
                conflicts.size(), fieldOnly.size(), unidentified.size(),
                entries.size() + fieldOnly.size() + unidentified.size(), perClass);
        return new MergeResult(entries, fieldOnly, unidentified, conflicts, skipped, summary);
    }

    private static void count(Map<String, Integer> perClass, CatalogObject o) {
        perClass.merge(Objects.requireNonNullElse(o.objectClass(), ImportSummary.UNLABELLED), 1, Integer::sum);
    }

    private static final class Slot {
        final CatalogObject first;
        final List<String> files = new ArrayList<>(2);
        final List<String> classes = new ArrayList<>(1);

        Slot(CatalogObject first) {
            this.first = first;
            files.add(first.sourceFile());
            if (first.objectClass() != null) {
                classes.add(first.objectClass());
            }
        }
    }

    /** For a quick look in logs. */
    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("rows", rows);
        m.put("spectra", byKey.size());
        return "CatalogMerger" + m;
    }
}
