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

    @Inject
    ScienceView science;

    @Inject
    ConsumerLag lag;

    @Inject
    org.hisscube.contracts.store.ObjectStore store;

    /** A report file name: letters, digits, dot, dash, underscore; no folders. */
    private static final java.util.regex.Pattern REPORT_FILE =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.(png|json|csv|html)");

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

    /**
     * The science state: the live model of every kind and zoom (version, test macro-F1, per-class F1), the latest
     * evaluated version of each, and the featurised targets per zoom, class and split.
     */
    @GET
    @Path("/science")
    public Map<String, Object> science() {
        return Map.of("live", science.live(), "latest", science.latest(), "featurised", science.featurised());
    }

    /** Consumer lag per group, topic and partition (end offset − committed offset), read from the broker. */
    @GET
    @Path("/consumer-lag")
    public Map<String, List<ConsumerLag.Lag>> consumerLag() {
        return lag.byGroup();
    }

    /**
     * A file of an experiment's latest report (a PNG, results.json, a CSV, index.html), streamed from the object
     * store; 404 when the experiment is unknown, the name is not a plain report file name, or the report lies in
     * another bucket.
     */
    @GET
    @Path("/reports/{experiment}/{file}")
    @Produces({"image/png", MediaType.APPLICATION_JSON, "text/csv", MediaType.TEXT_HTML})
    public jakarta.ws.rs.core.Response report(@jakarta.ws.rs.PathParam("experiment") String experiment,
            @jakarta.ws.rs.PathParam("file") String file) {
        var e = counts.experiments().get(experiment);
        if (e == null || !REPORT_FILE.matcher(file).matches() || !e.bucket().equals(store.bucket())) {
            return jakarta.ws.rs.core.Response.status(404).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "no such report file", "experiment", experiment, "file", file)).build();
        }
        String key = e.reportPrefix() + file;
        if (store.stat(key).isEmpty()) {
            return jakarta.ws.rs.core.Response.status(404).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "not in the object store", "key", key)).build();
        }
        String type = file.endsWith(".png") ? "image/png" : file.endsWith(".json") ? MediaType.APPLICATION_JSON
                : file.endsWith(".csv") ? "text/csv" : MediaType.TEXT_HTML;
        jakarta.ws.rs.core.StreamingOutput body = out -> {
            try (var in = store.get(key)) {
                in.transferTo(out);
            }
        };
        return jakarta.ws.rs.core.Response.ok(body, type).build();
    }

    /**
     * Objects in the store by kind: raw frames and raw spectra (the fetcher's claim checks), and the first two levels of
     * every other key (cube/segments, cube/targets, features/…, models/…, experiments/…). Lists the whole bucket: for
     * {@code ./hisscube status}, not for dashboards that poll.
     */
    @GET
    @Path("/store")
    public Map<String, Long> storeObjects() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String key : store.list("")) {
            out.merge(storeKind(key), 1L, Long::sum);
        }
        return out;
    }

    static String storeKind(String key) {
        String[] p = key.split("/");
        if (p[0].equals("raw")) {
            return key.contains("/frames/") ? "raw/frames" : key.contains("/spectra/") ? "raw/spectra" : "raw/other";
        }
        return p.length > 2 ? p[0] + "/" + p[1] : p[0];
    }

    /** The most recent dead letters, newest first. */
    @GET
    @Path("/dead-letters")
    public List<EventDeadLettered> deadLetters() {
        return counts.recentDeadLetters();
    }
}
