package org.hisscube.fetcher;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.fetcher.catalog.CatalogFormatException;
import org.hisscube.fetcher.catalog.CatalogMerger;
import org.hisscube.fetcher.catalog.CatalogReadResult;
import org.hisscube.fetcher.catalog.CatalogReader;
import org.hisscube.fetcher.catalog.MergeResult;
import org.hisscube.fetcher.catalog.SkyServerQuery;
import org.hisscube.fetcher.catalog.WorkListPlanner;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/catalog-imports?name=FILE} with a SkyServer-style CSV body: every object becomes fetch requests
 * for the five frames of its field and its spectrum, deduplicated, published on {@code sdss.fetch-requests} (keyed
 * by file id, each acknowledged by the broker before the answer). Answers what was read, skipped and requested.
 */
@Path("/api/catalog-imports")
public class CatalogImportResource {
    private static final Logger LOG = Logger.getLogger(CatalogImportResource.class);

    @Inject
    FetcherConfig config;

    @Inject
    @Channel("fetch-requests-out")
    MutinyEmitter<byte[]> requests;

    @POST
    @Blocking
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> importCatalog(@QueryParam("name") String name, String csv) {
        String source = name == null || name.isBlank() ? "catalog.csv" : name;
        CatalogReadResult read;
        try {
            read = new CatalogReader().read(csv, source);
        } catch (CatalogFormatException e) {
            throw new BadRequestException(e.getMessage());
        }
        return publish(source, read);
    }

    /**
     * {@code POST /api/catalog-imports/skyserver} with an SQL body: runs it on SkyServer's SqlSearch
     * ({@code hisscube.fetcher.skyserver-url}) and imports the answer like a CSV catalog.
     */
    @POST
    @Path("/skyserver")
    @Blocking
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> importQuery(String sql) {
        CatalogReadResult read;
        try {
            read = new SkyServerQuery(java.net.URI.create(config.skyserverUrl())).execute(sql);
        } catch (java.io.IOException | RuntimeException e) {
            throw new jakarta.ws.rs.WebApplicationException("SkyServer query failed: " + e.getMessage(), 502);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new jakarta.ws.rs.WebApplicationException("interrupted", 503);
        }
        return publish("skyserver-query", read);
    }

    private Map<String, Object> publish(String source, CatalogReadResult read) {
        MergeResult merged = CatalogMerger.merge(List.of(read));
        List<FetchRequested> planned = new WorkListPlanner().plan(merged);
        for (FetchRequested r : planned) {
            requests.sendMessageAndAwait(Message.of(Topics.FETCH_REQUESTS.encode(r))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(r.fileId()).build()));
        }
        LOG.infof("catalog %s: %d rows, %d skipped, %d fetch requests published", source, read.rowsRead(),
                read.skipped().size(), planned.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("rowsRead", read.rowsRead());
        out.put("rowsSkipped", read.skipped().size());
        out.put("skipped", read.skipped().stream().map(Object::toString).limit(100).toList());
        out.put("distinctObjects", merged.summary().distinctObjects());
        out.put("conflicts", merged.conflicts().size());
        out.put("withoutIdentifiers", merged.withoutIdentifiers().size());
        out.put("framesRequested", planned.stream().filter(r -> r.kind() == FileKind.FRAME).count());
        out.put("spectraRequested", planned.stream().filter(r -> r.kind() == FileKind.SPECTRUM).count());
        out.put("fileIds", planned.stream().map(FetchRequested::fileId).toList());
        return out;
    }
}
