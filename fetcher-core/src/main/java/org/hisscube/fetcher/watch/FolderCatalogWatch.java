package org.hisscube.fetcher.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hisscube.contracts.events.CatalogWatchAdvanced;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.fetcher.catalog.CatalogMerger;
import org.hisscube.fetcher.catalog.CatalogObject;
import org.hisscube.fetcher.catalog.CatalogReadResult;
import org.hisscube.fetcher.catalog.CatalogReader;
import org.hisscube.fetcher.catalog.WorkListPlanner;
import org.jboss.logging.Logger;

/**
 * Watches a folder of catalog CSV files: each {@link #poll()} turns the rows not handled yet (new files, rows
 * appended to known files) into fetch requests, publishes them, and only then records the new position in Kafka.
 * A crash between the two republishes those requests on restart, which the fetcher absorbs (a file already stored is
 * not downloaded again). Within one poll requests are deduplicated; a frame shared by rows of different polls is
 * requested again and found already stored. A file that got shorter than its recorded position is read anew.
 */
public final class FolderCatalogWatch {
    private static final Logger LOG = Logger.getLogger(FolderCatalogWatch.class);

    private final String watchId;
    private final Path folder;
    private final WatchPositions positions;
    private final Consumer<List<FetchRequested>> publisher;
    private final Map<String, Long> done;

    /**
     * @param publisher publishes requests and returns only once they are acknowledged
     */
    public FolderCatalogWatch(String watchId, Path folder, WatchPositions positions,
            Consumer<List<FetchRequested>> publisher) {
        this.watchId = watchId;
        this.folder = folder;
        this.positions = positions;
        this.publisher = publisher;
        this.done = new java.util.HashMap<>(positions.load(watchId));
        LOG.infof("catalog watch %s on %s resumes at %s", watchId, folder, done);
    }

    /** One pass over the folder; returns the requests published. */
    public List<FetchRequested> poll() {
        List<FetchRequested> published = new ArrayList<>();
        for (Path file : csvFiles()) {
            String name = file.getFileName().toString();
            int known = done.getOrDefault(name, 0L).intValue();
            List<String> lines;
            try {
                lines = completeLines(file);
            } catch (IOException e) {
                LOG.warnf("catalog watch %s: cannot read %s (%s); will retry", watchId, file, e.getMessage());
                continue;
            }
            if (lines.size() < known) {
                LOG.warnf("catalog watch %s: %s has %d lines, fewer than the %d handled: reading it anew", watchId,
                        name, lines.size(), known);
                known = 0;
            }
            if (lines.size() == known) {
                continue;
            }
            CatalogReadResult read;
            try {
                read = new CatalogReader().read(String.join("\n", lines), name);
            } catch (RuntimeException e) {
                LOG.warnf("catalog watch %s: %s is not a catalog yet (%s); will look again", watchId, name,
                        e.getMessage());
                continue;
            }
            final int from = known;
            List<CatalogObject> fresh = read.objects().stream().filter(o -> o.line() > from).toList();
            CatalogReadResult freshOnly = new CatalogReadResult(name, fresh.size(), fresh, read.skipped().stream()
                    .filter(p -> p.line() > from).toList());
            List<FetchRequested> requests = new WorkListPlanner().plan(CatalogMerger.merge(List.of(freshOnly)));
            if (!requests.isEmpty()) {
                publisher.accept(requests);
            }
            positions.save(CatalogWatchAdvanced.of(watchId, name, lines.size(), requests.size()));
            done.put(name, (long) lines.size());
            published.addAll(requests);
            LOG.infof("catalog watch %s: %s lines %d..%d → %d new objects, %d fetch requests", watchId, name,
                    from + 1, lines.size(), fresh.size(), requests.size());
        }
        return published;
    }

    /** The lines of a file that end in a newline: a last line still being written is left for the next poll. */
    static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return text.substring(0, end + 1).lines().toList();
    }

    private List<Path> csvFiles() {
        try (var s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv"))
                    .filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the watched folder " + folder, e);
        }
    }
}
