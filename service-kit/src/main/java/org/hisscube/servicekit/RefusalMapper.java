package org.hisscube.servicekit;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every JAX-RS refusal of every service as a JSON {@link RequestRefusal}: a resource's own
 * {@link RequestRefusedException} goes out as it is; JAX-RS's refusals (no endpoint at the path, method not allowed,
 * unacceptable or unsupported media type, a parameter that does not convert) get a body that says what was wrong and
 * what is accepted, with their status and headers (e.g. {@code Allow}) kept.
 */
public class RefusalMapper {
    @jakarta.inject.Inject
    jakarta.enterprise.inject.spi.BeanManager beans;
    private volatile ResourceMethods routes;

    static final String SEE_README = "the endpoints and parameters in the service's README (GET /api/info names the "
            + "service)";

    @ServerExceptionMapper
    public Response refuse(WebApplicationException e, UriInfo uri, Request request, HttpHeaders headers) {
        if (e instanceof RequestRefusedException) {
            return e.getResponse();
        }
        Response original = e.getResponse();
        RequestRefusal refusal = refusalOf(e, request.getMethod(), "/" + stripSlash(uri.getPath()),
                headers.getHeaderString(HttpHeaders.ACCEPT), headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        Response.ResponseBuilder b = Response.status(original.getStatusInfo()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(refusal);
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if ((allow == null || allow.isBlank()) && original.getStatus() == 405) {
            allow = routes().allowed(uri.getPath());
            refusal = new RequestRefusal(refusal.error(), allow.isEmpty() ? refusal.accepted() : "methods " + allow);
            b.entity(refusal);
        }
        if (allow != null && !allow.isBlank()) {
            b.header(HttpHeaders.ALLOW, allow);
        }
        return b.build();
    }

    private ResourceMethods routes() {
        ResourceMethods r = routes;
        if (r == null) {
            r = ResourceMethods.of(beans);
            routes = r;
        }
        return r;
    }

    /** What to answer for a refusal of {@code method path}; {@code accept} and {@code contentType} may be null. */
    static RequestRefusal refusalOf(WebApplicationException e, String method, String path, String accept,
            String contentType) {
        if (e instanceof RequestRefusedException r) {
            return r.refusal();
        }
        if (e.getResponse() != null && e.getResponse().getEntity() instanceof RequestRefusal r) {
            return r;
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String request = method + " " + path;
        String own = ownMessage(e, status);
        switch (status) {
            case 400:
                return new RequestRefusal(own != null ? own : "bad request " + request, SEE_README);
            case 404:
                return new RequestRefusal(own != null ? own + " (" + request + ")" : "no endpoint at " + request
                        + " (or a path parameter of the wrong type)", SEE_README);
            case 405: {
                String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
                return new RequestRefusal(method + " is not allowed on " + path,
                        allow == null || allow.isBlank() ? SEE_README : "methods " + allow);
            }
            case 406:
                return new RequestRefusal("cannot answer " + request + " in any type of Accept: "
                        + (accept == null ? "(none)" : accept), "Accept: application/json (or */*)");
            case 415:
                return new RequestRefusal("Content-Type " + (contentType == null ? "(none)" : contentType)
                        + " is not supported by " + request, "the Content-Type documented for the endpoint, see "
                        + SEE_README);
            default:
                return new RequestRefusal(own != null ? own : status + " " + reason(e) + " for " + request,
                        SEE_README);
        }
    }

    /** The exception's own message, or null where it only repeats the status line ("HTTP 404 Not Found"). */
    private static String ownMessage(WebApplicationException e, int status) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.startsWith("HTTP " + status)) {
            return null;
        }
        return m;
    }

    private static String reason(WebApplicationException e) {
        return e.getResponse() == null ? "" : e.getResponse().getStatusInfo().getReasonPhrase();
    }

    private static String stripSlash(String p) {
        return p == null ? "" : p.startsWith("/") ? p.substring(1) : p;
    }
}
