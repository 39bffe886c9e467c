package org.hisscube.fetcher;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import org.hisscube.fetcher.catalog.SkyServerException;
import org.hisscube.fetcher.catalog.SkyServerQuery;
import org.hisscube.fetcher.catalog.WorkListPlanner;
import org.hisscube.servicekit.RequestRefusedException;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/catalog-imports?name=FILE} with a SkyServer-style CSV body: every object becomes fetch requests
 * for the five frames of its field and its spectrum, deduplicated, published on {@code sdss.fetch-requests} (keyed
 * by file id, each acknowledged by the broker before the answer). Answers what was read, skipped and requested.
 *
 * <p>Every refusal answers JSON {@code {"error": ..., "accepted": ...}} ({@link RequestRefusedException}): 400 for a
 * body that is not a catalog (or not a query), 413 for one over the limit ({@link FetcherRefusals}), 415 for
 * another Content-Type, 502 when SkyServer fails a query; 405 from {@link FetcherRefusals}, and JAX-RS's other
 * refusals (406, 404) get the same shape from service-kit's mapper.
 */
@Path(CatalogImportResource.PATH)
public class CatalogImportResource {
    private static final Logger LOG = Logger.getLogger(CatalogImportResource.class);
    static final String PATH = "/api/catalog-imports";
    static final String QUERY_PATH = PATH + "/skyserver";
    /** Media types a catalog may come as. */
    static final Set<String> CATALOG_TYPES = Set.of("text/csv", "text/plain");
    /** Longest SQL query accepted (bytes). */
    static final int MAX_SQL_BYTES = 64 * 1024;

    @Inject
    FetcherConfig config;

    @Inject
    FetcherRefusals refusals;

    @Inject
    @Channel("fetch-requests-out")
    MutinyEmitter<byte[]> requests;

    /** What the catalog endpoint accepts, for its refusals. */
    static String catalogAccepted(long limit) {
        return "POST " + PATH + "?name=FILE with Content-Type text/csv or text/plain and a SkyServer-style CSV"
                + " catalog of at most " + limit + " bytes: a header line naming known columns"
                + " (objid, ra, dec, u, g, r, i, z, run, rerun, camcol, field, specobjid, class, redshift, plate, mjd,"
                + " fiberid; other spellings such as fiberID or specClass too), then one object per row";
    }

    /** What the SkyServer endpoint accepts, for its refusals. */
    static String queryAccepted() {
        return "POST " + QUERY_PATH + " with Content-Type text/plain and one SkyServer SQL query of at most "
                + MAX_SQL_BYTES + " bytes whose result has catalog columns (run, camcol, field and/or plate, mjd,"
                + " fiberid; class, redshift, ra, dec where known)";
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD) // any type reaches the method, so that a wrong one is refused with an explanation
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> importCatalog(@QueryParam("name") String name,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        long limit = refusals.catalogLimit();
        String accepted = catalogAccepted(limit);
        Charset charset = requireType(contentType, CATALOG_TYPES, accepted);
        String csv = readAtMost(body, limit, charset, "catalog", accepted);
        String source = name == null || name.isBlank() ? "catalog.csv" : name;
        if (csv.isBlank()) {
            throw new RequestRefusedException(Response.Status.BAD_REQUEST, "the body is empty: no catalog to import",
                    accepted);
        }
        CatalogReadResult read;
        try {
            read = new CatalogReader().read(csv, source);
        } catch (CatalogFormatException e) {
            throw new RequestRefusedException(Response.Status.BAD_REQUEST, "not a catalog: " + e.getMessage(),
                    accepted);
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
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> importQuery(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body) {
        Charset charset = requireType(contentType, Set.of("text/plain"), queryAccepted());
        String sql = readAtMost(body, MAX_SQL_BYTES, charset, "query", queryAccepted());
        if (sql.isBlank()) {
            throw new RequestRefusedException(Response.Status.BAD_REQUEST, "the body is empty: no SQL query to run",
                    queryAccepted());
        }
        CatalogReadResult read;
        try {
            read = new SkyServerQuery(URI.create(config.skyserverUrl())).execute(sql);
        } catch (SkyServerException e) {
            throw new RequestRefusedException(Response.Status.BAD_GATEWAY, "SkyServer did not answer the query with"
                    + " a catalog: " + e.getMessage(), queryAccepted());
        } catch (IOException e) {
            throw new RequestRefusedException(Response.Status.BAD_GATEWAY, "SkyServer " + config.skyserverUrl()
                    + " could not be reached: " + e, queryAccepted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefusedException(Response.Status.SERVICE_UNAVAILABLE, "interrupted (shutting down)",
                    queryAccepted());
        }
        return publish("skyserver-query", read);
    }

    /** The body's charset if its media type is one of {@code types}; else a 415 refusal. */
    static Charset requireType(String contentType, Set<String> types, String accepted) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !types.contains((type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT))) {
            throw new RequestRefusedException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "Content-Type "
                    + (contentType == null ? "(none)" : "'" + contentType + "'") + " is not accepted here", accepted);
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        try {
            return charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset);
        } catch (IllegalArgumentException e) {
            throw new RequestRefusedException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unknown charset '" + charset
                    + "' in Content-Type '" + contentType + "'", accepted);
        }
    }

    /** The body as text, refused with 413 beyond {@code limit} bytes (never more than that is held in memory). */
    static String readAtMost(InputStream body, long limit, Charset charset, String what, String accepted) {
        byte[] bytes;
        try (InputStream in = body) {
            bytes = in == null ? new byte[0] : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw new RequestRefusedException(Response.Status.BAD_REQUEST, "the " + what + " could not be read: " + e,
                    accepted);
        }
        if (bytes.length > limit) {
            throw new RequestRefusedException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "the " + what + " is larger"
                    + " than " + limit + " bytes", accepted);
        }
        return new String(bytes, charset);
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
