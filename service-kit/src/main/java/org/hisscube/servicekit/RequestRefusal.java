package org.hisscube.servicekit;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The JSON body of every refused HTTP request of every service: what was wrong, and what would have been accepted
 * instead, e.g. {@code {"error": "ra 'abc' is not a number", "accepted": "ra in decimal degrees, 0 <= ra < 360"}}.
 * Resources throw {@link RequestRefusedException}; {@link RefusalMapper} gives JAX-RS's own refusals (no such path,
 * method not allowed, unsupported media type ...) the same shape.
 *
 * @param error    what was wrong with the request, naming the offending parameter or value
 * @param accepted what the endpoint accepts instead
 */
public record RequestRefusal(String error, String accepted) {

    /** The HTTP answer: this body as JSON with the given status. */
    public Response toResponse(Response.StatusType status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }
}
