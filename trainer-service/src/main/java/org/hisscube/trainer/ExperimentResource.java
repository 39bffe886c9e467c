package org.hisscube.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.hisscube.experiments.ExperimentException;
import org.hisscube.experiments.ExperimentSpec;
import org.hisscube.servicekit.RequestRefusedException;

/**
 * The REST trigger of experiments: {@code POST /api/experiments/{name}/runs} with a JSON body (every field optional)
 * starts a run on the current feature manifest and answers 202 with its state; {@code GET
 * /api/experiments/{name}/runs/{runId}} follows it ({@code running}, {@code done}, {@code failed}) with its progress
 * lines and, when done, where the report lies.
 */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
    static final String ACCEPTED = "POST /api/experiments/{name}/runs with JSON {\"seeds\": 1-20, \"seed0\": n, "
            + "\"zooms\": [0-3, ...], \"kinds\": [image, spectrum, photometry, image_photometry, fused], \"epochs\": "
            + "1-500, \"patience\": ≥1, \"map_zoom\": one of zooms, \"map_points\": 10-5000, \"run_id\": a-z0-9-}; "
            + "GET /api/experiments/{name}/runs/{run_id}";

    /** The request body: anything left out takes the default. */
    public record RunRequest(@JsonProperty("run_id") String runId, @JsonProperty("seeds") Integer seeds,
            @JsonProperty("seed0") Long seed0, @JsonProperty("zooms") List<Integer> zooms,
            @JsonProperty("kinds") List<String> kinds, @JsonProperty("epochs") Integer epochs,
            @JsonProperty("patience") Integer patience, @JsonProperty("map_zoom") Integer mapZoom,
            @JsonProperty("map_points") Integer mapPoints) {
    }

    @Inject
    ExperimentRuns runs;

    @POST
    @Path("/{name}/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("name") String name, RunRequest body) {
        RunRequest r = body != null ? body : new RunRequest(null, null, null, null, null, null, null, null, null);
        ExperimentSpec spec;
        try {
            List<Integer> zooms = r.zooms() != null ? r.zooms() : List.of(2);
            spec = new ExperimentSpec(name, r.runId() != null ? r.runId() : DateTimeFormatter.ofPattern(
                    "'r'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(java.time.Instant.now()),
                    r.seeds() != null ? r.seeds() : 3, r.seed0() != null ? r.seed0() : 1, zooms,
                    r.kinds() != null ? r.kinds() : ExperimentSpec.ALL_KINDS, r.epochs() != null ? r.epochs() : 30,
                    r.patience() != null ? r.patience() : 6, r.mapZoom() != null ? r.mapZoom() : zooms.get(0),
                    r.mapPoints() != null ? r.mapPoints() : 2000, 2000);
        } catch (ExperimentException | IndexOutOfBoundsException | NullPointerException e) {
            if (!(e instanceof ExperimentException)) {
                throw new RequestRefusedException(Response.Status.BAD_REQUEST, "zooms and kinds must be non-empty "
                        + "lists without nulls", ACCEPTED);
            }
            throw new RequestRefusedException(Response.Status.BAD_REQUEST, e.getMessage(), ACCEPTED);
        }
        return runs.start(spec).map(s -> Response.accepted(s).build()).orElseThrow(() ->
                new RequestRefusedException(Response.Status.CONFLICT, "experiment run "
                        + runs.active().map(a -> a.experiment() + "/" + a.runId()).orElse("?") + " is still "
                        + "running; one run at a time", ACCEPTED));
    }

    @GET
    @Path("/{name}/runs/{runId}")
    public ExperimentRuns.RunState state(@PathParam("name") String name, @PathParam("runId") String runId) {
        return runs.state(name, runId).orElseThrow(() -> new RequestRefusedException(Response.Status.NOT_FOUND,
                "no experiment run " + name + "/" + runId + " on this trainer-service (runs are kept until it "
                + "restarts; finished reports stay in the bucket under experiments/" + name + "/)", ACCEPTED));
    }
}
