package org.hisscube.servicekit;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * A resource refuses a request: the status and the {@link RequestRefusal} it answers with. Thrown from a resource
 * method (or returned through {@link #getResponse()}), it reaches the client as the JSON refusal.
 */
public class RequestRefusedException extends WebApplicationException {
    private final transient RequestRefusal refusal;

    public RequestRefusedException(Response.Status status, String error, String accepted) {
        this(status, new RequestRefusal(error, accepted));
    }

    public RequestRefusedException(Response.Status status, RequestRefusal refusal) {
        super(refusal.error(), refusal.toResponse(status));
        this.refusal = refusal;
    }

    public RequestRefusal refusal() {
        return refusal;
    }
}
