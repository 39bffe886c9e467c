package org.hisscube.servicekit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/info}: what this service is ({@code quarkus.application.name}) and which topics it reads and writes
 * (its {@link ServiceTopics} bean). The same resource in every service.
 */
@Path("/api/info")
public class ServiceInfoResource {

    /** The answer of {@code /api/info}. */
    public record ServiceInfo(String service, List<String> consumes, List<String> produces) {
    }

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @Inject
    ServiceTopics topics;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServiceInfo info() {
        return new ServiceInfo(service, topics.consumes(), topics.produces());
    }
}
