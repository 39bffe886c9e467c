package org.hisscube.fetcher.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;

/**
 * Turns catalog objects and work lists into {@link FetchRequested} events: for each object with field ids the five
 * frame files (u, g, r, i, z) of its field, for each object with spectrum ids its spec-lite file.
 *
 * <ul>
 *   <li>One event per file: a field shared by 100 objects is requested once. {@code requestedBy} names every
 *       source that asked for the file (sorted, comma-separated).</li>
 *   <li>Events are sorted by file id, so a replay of the same input gives the same files in the same order (the
 *       event ids and times are new each time; consumers key on the file id).</li>
 *   <li>{@code fileId} is the file name without its extensions ({@code frame-r-002820-3-0122},
 *       {@code spec-3126-54804-0211}); {@code sasPath} comes from {@link org.hisscube.contracts.sdss.SasPaths};
 *       {@code sdssIds} holds run, camcol, field, filter (frames) or plate, mjd, fiber (spectra) as decimal
 *       strings.</li>
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class WorkListPlanner {
    /** The five SDSS filters, in wavelength order. */
    public static final String FILTERS = "ugriz";

    /** The file id of a SAS path: its last segment without extension(s). */
    public static String fileIdOf(String sasPath) {
        String name = sasPath.substring(sasPath.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** Plans a merged import: its distinct spectra and the rows with field ids only. */
    public List<FetchRequested> plan(MergeResult merged) {
        Plan plan = new Plan();
        merged.entries().forEach(plan::add);
        merged.withFieldIdsOnly().forEach(o -> plan.add(CatalogEntry.of(o)));
        return plan.events();
    }

    /** Plans entries (objects with the sources that listed them). */
    public List<FetchRequested> planEntries(Collection<CatalogEntry> entries) {
        Plan plan = new Plan();
        entries.forEach(plan::add);
        return plan.events();
    }

    /** Plans objects as read (each requested by its own source file); objects without ids are passed over. */
    public List<FetchRequested> planObjects(Collection<CatalogObject> objects) {
        Plan plan = new Plan();
        objects.forEach(o -> plan.add(CatalogEntry.of(o)));
        return plan.events();
    }

    /** Five frames per field, e.g. from HiSS-Cube's {@code images_stripe.csv}. */
    public List<FetchRequested> planFields(Collection<FieldKey> fields, String requestedBy) {
        Plan plan = new Plan();
        fields.forEach(f -> plan.addField(f, requestedBy));
        return plan.events();
    }

    /**
     * One spectrum per (plate, mjd, fiber), e.g. the rows of a SkyServer plate lookup
     * ({@link SkyServerQuery#spectraOfPlates}) or the sample's spectra.
     */
    public List<FetchRequested> planSpectra(Collection<SpectrumKey> spectra, String requestedBy) {
        Plan plan = new Plan();
        spectra.forEach(s -> plan.addSpectrum(s, requestedBy));
        return plan.events();
    }

    /**
     * Plates alone (HiSS-Cube's {@code spectra_stripe.csv}) name no file; this gives no requests, the plates that
     * need a lookup and the SQL for it. See {@link PlatePlan}.
     */
    public PlatePlan planPlates(Collection<Integer> plates) {
        List<Integer> distinct = new ArrayList<>(new TreeSet<>(plates));
        return new PlatePlan(List.of(), distinct, distinct.isEmpty() ? "" : SkyServerQuery.spectraOfPlatesSql(distinct));
    }

    /**
     * Collects files, then emits them in file-id order. Paths come from {@code SasPaths}, called once per field and
     * once per (plate, mjd) — it formats with {@code String.format}, too slow to call 10^5 times — and the file
     * name in a path is, by definition, the file id plus the extension SasPaths gave.
     */
    private static final class Plan {
        private final Map<FieldKey, Pending[]> frames = new HashMap<>();
        private final Map<SpectrumKey, Pending> spectra = new HashMap<>();
        private final Map<Long, String[]> spectrumDirs = new HashMap<>();

        void add(CatalogEntry entry) {
            CatalogObject o = entry.object();
            FieldKey field = o.fieldKey();
            SpectrumKey spectrum = o.spectrumKey();
            for (String source : entry.sourceFiles()) {
                if (field != null) {
                    addField(field, source);
                }
                if (spectrum != null) {
                    addSpectrum(spectrum, source);
                }
            }
        }

        void addField(FieldKey f, String source) {
            Pending[] five = frames.get(f);
            if (five == null) {
                five = newFrames(f);
                frames.put(f, five);
            }
            for (Pending p : five) {
                p.requestedBy(source);
            }
        }

        private static Pending[] newFrames(FieldKey f) {
            Map<String, String> common = Map.of("run", Integer.toString(f.run()), "camcol",
                    Integer.toString(f.camcol()), "field", Integer.toString(f.field()));
            String first = f.frameFileId(FILTERS.charAt(0));
            String[] dirAndExt = split(f.framePath(FILTERS.charAt(0)), first);
            Pending[] five = new Pending[FILTERS.length()];
            for (int k = 0; k < five.length; k++) {
                char filter = FILTERS.charAt(k);
                String id = k == 0 ? first : f.frameFileId(filter);
                Map<String, String> ids = new HashMap<>(common);
                ids.put("filter", String.valueOf(filter));
                five[k] = new Pending(id, FileKind.FRAME, dirAndExt[0] + id + dirAndExt[1], Map.copyOf(ids));
            }
            return five;
        }

        void addSpectrum(SpectrumKey s, String source) {
            Pending p = spectra.get(s);
            if (p == null) {
                String id = s.fileId();
                String[] dirAndExt = spectrumDirs.computeIfAbsent(s.plate() * 100_000L + s.mjd(),
                        k -> split(s.sasPath(), id));
                p = new Pending(id, FileKind.SPECTRUM, dirAndExt[0] + id + dirAndExt[1], Map.of("plate",
                        Integer.toString(s.plate()), "mjd", Integer.toString(s.mjd()), "fiber",
                        Integer.toString(s.fiber())));
                spectra.put(s, p);
            }
            p.requestedBy(source);
        }

        /** A SAS path as {directory with trailing '/', extension}, checking that its file name is the file id. */
        private static String[] split(String sasPath, String fileId) {
            int slash = sasPath.lastIndexOf('/') + 1;
            if (!fileIdOf(sasPath).equals(fileId)) {
                throw new IllegalStateException("file id " + fileId + " does not match SAS path " + sasPath);
            }
            return new String[] {sasPath.substring(0, slash), sasPath.substring(slash + fileId.length())};
        }

        List<FetchRequested> events() {
            List<Pending> all = new ArrayList<>(frames.size() * FILTERS.length() + spectra.size());
            frames.values().forEach(five -> all.addAll(Arrays.asList(five)));
            all.addAll(spectra.values());
            all.sort((a, b) -> a.fileId.compareTo(b.fileId));
            List<FetchRequested> events = new ArrayList<>(all.size());
            for (Pending p : all) {
                events.add(FetchRequested.of(p.fileId, p.kind, p.sasPath, p.ids, p.requestedBy()));
            }
            return events;
        }
    }

    /** One file to request; most are asked for by one source, so the set is made only for a second one. */
    private static final class Pending {
        final String fileId;
        final FileKind kind;
        final String sasPath;
        final Map<String, String> ids;
        private String onlySource;
        private TreeSet<String> sources;

        Pending(String fileId, FileKind kind, String sasPath, Map<String, String> ids) {
            this.fileId = fileId;
            this.kind = kind;
            this.sasPath = sasPath;
            this.ids = ids;
        }

        void requestedBy(String source) {
            if (sources != null) {
                sources.add(source);
            } else if (onlySource == null) {
                onlySource = source;
            } else if (!onlySource.equals(source)) {
                sources = new TreeSet<>();
                sources.add(onlySource);
                sources.add(source);
            }
        }

        String requestedBy() {
            return sources == null ? onlySource : String.join(",", sources);
        }
    }
}
