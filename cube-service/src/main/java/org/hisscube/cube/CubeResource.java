package org.hisscube.cube;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.cube.streams.CellContents;
import org.hisscube.cube.streams.CubeExporter;
import org.hisscube.cube.streams.CubeQueries;
import org.hisscube.cube.streams.CubeTopology;
import org.hisscube.cube.streams.IngestedFile;
import org.hisscube.cube.streams.TargetState;

/**
 * Queries of the streaming cube (Kafka Streams interactive queries on this instance's stores) and exports.
 *
 * <ul>
 *   <li>{@code GET /api/cube/stats}: files ingested by kind, segments and bytes (per zoom), targets by status and per
 *       class, refused targets with their reasons, targets waiting for frames</li>
 *   <li>{@code GET /api/cube/targets?ra=&dec=&radius=} (degrees): built targets in a cone, nearest first</li>
 *   <li>{@code GET /api/cube/targets/{id}}: one target's state (any status)</li>
 *   <li>{@code POST /api/cube/exports?name=&ra=&dec=&radius=}: writes {@code cube/exports/<name>.h5} in HiSS-Cube's
 *       layout, for the cone or (without ra/dec) the whole cube</li>
 * </ul>
 * While the stores are not queryable (start-up, rebalance) the answer is 503 with a sentence.
 */
@Path("/api/cube")
@Produces(MediaType.APPLICATION_JSON)
public class CubeResource {
    @Inject
    KafkaStreams streams;

    @Inject
    ObjectStore store;

    @Inject
    CubeSettings settings;

    @GET
    @Path("/stats")
    public Response stats() {
        return answer(() -> queries().stats());
    }

    @GET
    @Path("/targets/{id}")
    public Response target(@PathParam("id") long id) {
        return answer(() -> {
            TargetState t = queries().target(id);
            if (t == null) {
                throw new NotFound("no target " + id + " (no spectrum in that HEALPix order-15 cell)");
            }
            return t;
        });
    }

    /**
     * The target's latest HDF5 file (the one {@code targetKey} names), streamed from the object store: for
     * {@code ./hisscube inspect target ID} and anyone who wants one target without an export.
     */
    @GET
    @Path("/targets/{id}/file")
    @Produces({"application/x-hdf5", MediaType.APPLICATION_JSON})
    public Response targetFile(@PathParam("id") long id) {
        TargetState t;
        try {
            t = queries().target(id);
        } catch (RuntimeException e) {
            return target(id);
        }
        if (t == null || t.targetKey() == null) {
            return Response.status(404).type(MediaType.APPLICATION_JSON).entity(java.util.Map.of("error",
                    t == null ? "no target " + id : "target " + id + " has no file yet (" + t.status() + ")"))
                    .build();
        }
        String key = t.targetKey();
        jakarta.ws.rs.core.StreamingOutput body = out -> {
            try (var in = store.get(key)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "application/x-hdf5")
                .header("Content-Disposition", "attachment; filename=\"" + id + "-v" + t.version() + ".h5\"")
                .build();
    }

    @GET
    @Path("/targets")
    public Response cone(@QueryParam("ra") Double ra, @QueryParam("dec") Double dec,
            @QueryParam("radius") @DefaultValue("0.01") double radius) {
        return answer(() -> {
            checkCone(ra, dec, radius);
            return queries().cone(ra, dec, radius);
        });
    }

    @POST
    @Path("/exports")
    public Response export(@QueryParam("name") @DefaultValue("cube") String name, @QueryParam("ra") Double ra,
            @QueryParam("dec") Double dec, @QueryParam("radius") @DefaultValue("0.01") double radius) {
        return answer(() -> {
            CubeQueries q = queries();
            List<TargetState> states;
            if (ra == null && dec == null) {
                states = q.all();
            } else {
                checkCone(ra, dec, radius);
                states = q.all().stream().filter(t -> t.status() != TargetState.Status.WAITING
                        && CubeQueries.separationDeg(ra, dec, t.ra(), t.dec()) <= radius).toList();
            }
            return new CubeExporter(store, settings.zooms(), settings.scratchDir()).export(name, states);
        });
    }

    private void checkCone(Double ra, Double dec, double radius) {
        if (ra == null || dec == null) {
            throw new IllegalArgumentException("ra and dec (degrees) are required");
        }
        if (!(radius > 0) || radius > settings.maxConeRadiusDeg()) {
            throw new IllegalArgumentException("radius must be > 0 and <= " + settings.maxConeRadiusDeg()
                    + " degrees, got " + radius);
        }
    }

    private CubeQueries queries() {
        return new CubeQueries(new CubeQueries.Stores() {
            @Override
            public ReadOnlyKeyValueStore<String, IngestedFile> ingested() {
                return store(CubeTopology.INGESTED_STORE);
            }

            @Override
            public ReadOnlyKeyValueStore<Long, CellContents.Spectra> cellSpectra() {
                return store(CubeTopology.CELL_SPECTRA_STORE);
            }

            @Override
            public ReadOnlyKeyValueStore<Long, TargetState> targets() {
                return store(CubeTopology.TARGETS_STORE);
            }
        });
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String m) {
            super(m);
        }
    }

    private static Response answer(java.util.function.Supplier<Object> body) {
        try {
            return Response.ok(body.get()).build();
        } catch (NotFound e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (InvalidStateStoreException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "the cube's stores are not queryable yet ("
                    + e.getMessage() + "); try again in a moment");
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
