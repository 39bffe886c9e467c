package org.hisscube.fetcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.servicekit.RequestRefusal;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The fetcher's endpoints refuse with a JSON {@link RequestRefusal} where service-kit's generic mapper cannot know
 * the details:
 * <ul>
 *   <li>a body announced (Content-Length) over the endpoint's limit is refused with 413 before it is read — ahead
 *       of the HTTP layer's own limit check, which would answer 413 with an empty body;</li>
 *   <li>a method other than POST on the import endpoints answers 405 with {@code Allow: POST} and what the endpoint
 *       accepts.</li>
 * </ul>
 * The limits: a catalog at most {@code hisscube.fetcher.max-catalog-bytes}, and at most half of
 * {@code quarkus.http.limits.max-body-size} (so a chunked body is refused by the resource, which counts what it
 * reads, long before the HTTP layer's limit); a query at most {@link CatalogImportResource#MAX_SQL_BYTES}.
 */
@ApplicationScoped
public class FetcherRefusals {
    /** Runs before Quarkus's own body-size check (order -2). */
    static final int ROUTE_ORDER = -3;

    @Inject
    FetcherConfig config;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> httpLimit;

    private final ObjectMapper json = new ObjectMapper();

    /** The largest catalog body accepted, in bytes. */
    long catalogLimit() {
        long http = httpLimit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        return Math.min(config.maxCatalogBytes(), http / 2);
    }

    /** The largest body accepted at a path, and what the endpoint accepts. */
    private long limitOf(String path) {
        return path.startsWith(CatalogImportResource.QUERY_PATH) ? CatalogImportResource.MAX_SQL_BYTES
                : catalogLimit();
    }

    String acceptedAt(String path) {
        return path.startsWith(CatalogImportResource.QUERY_PATH) ? CatalogImportResource.queryAccepted()
                : CatalogImportResource.catalogAccepted(catalogLimit());
    }

    void refuseLargeBodies(@Observes Router router) {
        router.route(CatalogImportResource.PATH + "*").order(ROUTE_ORDER).handler(this::checkContentLength);
    }

    private void checkContentLength(RoutingContext ctx) {
        String announced = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        String path = ctx.normalizedPath();
        long limit = limitOf(path);
        long length;
        try {
            length = announced == null ? -1 : Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            length = -1; // the HTTP layer refuses a malformed Content-Length itself
        }
        if (length <= limit) {
            ctx.next();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(new RequestRefusal("the body is " + length + " bytes, larger than "
                    + limit + " bytes", acceptedAt(path)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the client may still be sending the body: answer and close, as the HTTP layer does
        ctx.response().setStatusCode(Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader("Connection", "close").end(body);
    }

    /** 405 on the import endpoints: POST is the one method, and what it takes. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri, Request request) {
        String path = "/" + uri.getPath().replaceFirst("^/+", "");
        RequestRefusal refusal = new RequestRefusal(request.getMethod() + " is not allowed on " + path,
                path.startsWith(CatalogImportResource.PATH) ? acceptedAt(path) : "see GET /api/info and the README");
        Response.ResponseBuilder answer = Response.status(Response.Status.METHOD_NOT_ALLOWED)
                .type("application/json").entity(refusal);
        String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null && !allow.isBlank()) {
            answer.header(HttpHeaders.ALLOW, allow);
        } else if (path.startsWith(CatalogImportResource.PATH)) {
            answer.header(HttpHeaders.ALLOW, "POST");
        }
        return answer.build();
    }
}
