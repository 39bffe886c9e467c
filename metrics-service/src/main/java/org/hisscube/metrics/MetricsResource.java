package org.hisscube.metrics;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.hisscube.contracts.events.EventDeadLettered;

/** JSON views of what the observer counted. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

    @Inject
    EventCounts counts;

    /** Events seen per topic (dead-letter topics included). */
    @GET
    @Path("/events")
    public Map<String, Long> events() {
        return counts.countsByTopic();
    }

    /** The latest run of every experiment (its summary from experiments.summaries), by experiment name. */
    @GET
    @Path("/experiments")
    public Map<String, org.hisscube.contracts.events.ExperimentCompleted> experiments() {
        return counts.experiments();
    }

    /** The most recent dead letters, newest first. */
    @GET
    @Path("/dead-letters")
    public List<EventDeadLettered> deadLetters() {
        return counts.recentDeadLetters();
    }
}
