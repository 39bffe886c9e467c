package org.hisscube.fetcher.watch;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hisscube.contracts.events.CatalogWatchAdvanced;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.fetcher.catalog.CatalogMerger;
import org.hisscube.fetcher.catalog.CatalogObject;
import org.hisscube.fetcher.catalog.CatalogReadResult;
import org.hisscube.fetcher.catalog.SkyServerQuery;
import org.hisscube.fetcher.catalog.WorkListPlanner;
import org.jboss.logging.Logger;

/**
 * Watches a SkyServer query with a moving MJD bound: the SQL template's {@code {minMjd}} is replaced by the highest
 * MJD seen so far (e.g. {@code ... WHERE s.mjd > {minMjd} ORDER BY s.mjd}); each {@link #poll()} publishes fetch
 * requests for what the query returns, then records the new bound in Kafka. Rows added later to an MJD already
 * passed are not seen (SDSS releases add whole nights).
 */
public final class SkyServerCatalogWatch {
    private static final Logger LOG = Logger.getLogger(SkyServerCatalogWatch.class);
    public static final String PLACEHOLDER = "{minMjd}";
    static final String SOURCE = "skyserver-query";

    private final String watchId;
    private final SkyServerQuery query;
    private final String sqlTemplate;
    private final WatchPositions positions;
    private final Consumer<List<FetchRequested>> publisher;
    private long bound;

    public SkyServerCatalogWatch(String watchId, SkyServerQuery query, String sqlTemplate, long startMjd,
            WatchPositions positions, Consumer<List<FetchRequested>> publisher) {
        if (!sqlTemplate.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("the SQL template has no " + PLACEHOLDER + " bound: " + sqlTemplate);
        }
        this.watchId = watchId;
        this.query = query;
        this.sqlTemplate = sqlTemplate;
        this.positions = positions;
        this.publisher = publisher;
        Map<String, Long> known = positions.load(watchId);
        this.bound = known.getOrDefault(SOURCE, startMjd);
        LOG.infof("SkyServer watch %s on %s resumes after MJD %d", watchId, query.baseUrl(), bound);
    }

    public long bound() {
        return bound;
    }

    /** One query; returns the requests published. */
    public List<FetchRequested> poll() {
        String sql = sqlTemplate.replace(PLACEHOLDER, Long.toString(bound));
        CatalogReadResult result;
        try {
            result = query.execute(sql);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("SkyServer query of watch " + watchId + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<CatalogObject> fresh = result.objects().stream()
                .filter(o -> o.mjd() != null && o.mjd() > bound).toList();
        if (fresh.isEmpty()) {
            return List.of();
        }
        List<FetchRequested> requests = new WorkListPlanner().plan(CatalogMerger.merge(List.of(
                new CatalogReadResult(result.sourceFile(), fresh.size(), fresh, result.skipped()))));
        publisher.accept(requests);
        long newBound = fresh.stream().mapToLong(CatalogObject::mjd).max().orElse(bound);
        positions.save(CatalogWatchAdvanced.of(watchId, SOURCE, newBound, requests.size()));
        LOG.infof("SkyServer watch %s: MJD %d..%d → %d objects, %d fetch requests", watchId, bound + 1, newBound,
                fresh.size(), requests.size());
        bound = newBound;
        return requests;
    }
}
