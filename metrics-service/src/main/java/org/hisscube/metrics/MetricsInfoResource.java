package org.hisscube.metrics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;

/** What this service is and which topics it reads and writes. */
@Path("/api/info")
public class MetricsInfoResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        return Map.of("service", "metrics-service",
                "consumes", Topics.all().stream().map(Topic::name).toList(),
                "produces", Topics.main().stream().map(Topic::deadLetterName).toList());
    }
}
