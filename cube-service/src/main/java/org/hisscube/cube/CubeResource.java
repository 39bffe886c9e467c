package org.hisscube.cube;

import com.fasterxml.jackson.core.type.TypeReference;
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
 * Queries of the streaming cube (Kafka Streams interactive queries) and exports. Every query answers for the whole
 * cube from any replica: an instance answers from its own stores and asks the other instances ({@link CubeCluster})
 * for theirs; {@code scope=local} asks one instance for its own share only. When an instance does not answer, the
 * result says it is partial: header {@value #PARTIAL_HEADER} names the instances missing from it.
 *
 * <ul>
 *   <li>{@code GET /api/cube/stats}: files ingested by kind, segments and bytes (per zoom), targets by status and per
 *       class, refused targets with their reasons, targets waiting for frames</li>
 *   <li>{@code GET /api/cube/targets?ra=&dec=&radius=} (degrees): built targets in a cone, nearest first</li>
 *   <li>{@code GET /api/cube/targets/{id}}: one target's state (any status)</li>
 *   <li>{@code POST /api/cube/exports?name=&ra=&dec=&radius=}: writes {@code cube/exports/<name>.h5} in HiSS-Cube's
 *       layout, for the cone or (without ra/dec) the whole cube</li>
 *   <li>{@code GET /api/cube/states}: every target state (any status)</li>
 *   <li>{@code GET /api/cube/instances}: the replicas, the partitions and stores each holds</li>
 * </ul>
 * While the stores are not queryable (start-up, rebalance) the answer is 503 with a sentence.
 */
@Path("/api/cube")
@Produces(MediaType.APPLICATION_JSON)
public class CubeResource {
    /** Names the instances whose share is missing from an answer. */
    public static final String PARTIAL_HEADER = "X-Cube-Partial";

    @Inject
    KafkaStreams streams;

    @Inject
    ObjectStore store;

    @Inject
    CubeSettings settings;

    @Inject
    CubeCluster cluster;

    @GET
    @Path("/stats")
    public Response stats(@QueryParam("scope") String scope) {
        return answer(() -> {
            CubeQueries.Stats own = queries().stats();
            if (local(scope)) {
                return whole(own);
            }
            CubeCluster.Gathered<CubeQueries.Stats> peers = cluster.gather("/api/cube/stats",
                    new TypeReference<CubeQueries.Stats>() { }, false);
            List<CubeQueries.Stats> shares = new java.util.ArrayList<>(peers.answers());
            shares.add(own);
            return new Answer(CubeQueries.merge(shares), peers.missing());
        });
    }

    @GET
    @Path("/targets/{id}")
    public Response target(@PathParam("id") long id, @QueryParam("scope") String scope) {
        return answer(() -> {
            Answer found = find(id, scope);
            if (found.body() == null) {
                throw new NotFound("no target " + id + " (no spectrum in that HEALPix order-15 cell)");
            }
            return found;
        });
    }

    /** The target's state from whichever instance holds it (null body when none of those that answered does). */
    private Answer find(long id, String scope) {
        TargetState t = queries().target(id);
        if (t != null || local(scope)) {
            return whole(t);
        }
        CubeCluster.Gathered<TargetState> peers = cluster.gather("/api/cube/targets/" + id,
                new TypeReference<TargetState>() { }, true);
        return new Answer(peers.answers().isEmpty() ? null : peers.answers().get(0), peers.missing());
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
            t = (TargetState) find(id, null).body();
        } catch (RuntimeException e) {
            return target(id, null);
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
            @QueryParam("radius") @DefaultValue("0.01") double radius, @QueryParam("scope") String scope) {
        return answer(() -> {
            checkCone(ra, dec, radius);
            List<CubeQueries.Hit> own = queries().cone(ra, dec, radius);
            if (local(scope)) {
                return whole(own);
            }
            CubeCluster.Gathered<List<CubeQueries.Hit>> peers = cluster.gather(
                    "/api/cube/targets?ra=" + ra + "&dec=" + dec + "&radius=" + radius,
                    new TypeReference<List<CubeQueries.Hit>>() { }, false);
            List<List<CubeQueries.Hit>> shares = new java.util.ArrayList<>(peers.answers());
            shares.add(own);
            return new Answer(CubeQueries.mergeHits(shares), peers.missing());
        });
    }

    @GET
    @Path("/states")
    public Response states(@QueryParam("scope") String scope) {
        return answer(() -> allStates(scope));
    }

    @GET
    @Path("/instances")
    public Response instances() {
        return answer(() -> whole(cluster.instances()));
    }

    private Answer allStates(String scope) {
        List<TargetState> own = queries().all();
        if (local(scope)) {
            return whole(own);
        }
        CubeCluster.Gathered<List<TargetState>> peers = cluster.gather("/api/cube/states",
                new TypeReference<List<TargetState>>() { }, false);
        List<TargetState> all = new java.util.ArrayList<>(own);
        peers.answers().forEach(all::addAll);
        all.sort(java.util.Comparator.comparingLong(TargetState::targetId));
        return new Answer(all, peers.missing());
    }

    @POST
    @Path("/exports")
    public Response export(@QueryParam("name") @DefaultValue("cube") String name, @QueryParam("ra") Double ra,
            @QueryParam("dec") Double dec, @QueryParam("radius") @DefaultValue("0.01") double radius) {
        return answer(() -> {
            if (ra != null || dec != null) {
                checkCone(ra, dec, radius);
            }
            Answer everything = allStates(null);
            if (!everything.missing().isEmpty()) {
                throw new Unavailable("the export would miss the targets of " + everything.missing()
                        + "; try again when every instance answers");
            }
            @SuppressWarnings("unchecked")
            List<TargetState> states = (List<TargetState>) everything.body();
            if (ra != null || dec != null) {
                states = states.stream().filter(t -> t.status() != TargetState.Status.WAITING
                        && CubeQueries.separationDeg(ra, dec, t.ra(), t.dec()) <= radius).toList();
            }
            return whole(new CubeExporter(store, settings.zooms(), settings.scratchDir()).export(name, states));
        });
    }

    private static boolean local(String scope) {
        if (scope == null || scope.isEmpty() || scope.equals("cube")) {
            return false;
        }
        if (scope.equals(CubeCluster.LOCAL_SCOPE)) {
            return true;
        }
        throw new IllegalArgumentException("scope must be 'cube' (the default: every instance) or 'local' (this "
                + "instance's share), got '" + scope + "'");
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

    /** An answer and the instances missing from it. */
    private record Answer(Object body, List<String> missing) {
    }

    private static Answer whole(Object body) {
        return new Answer(body, List.of());
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String m) {
            super(m);
        }
    }

    private static final class Unavailable extends RuntimeException {
        Unavailable(String m) {
            super(m);
        }
    }

    private static Response answer(java.util.function.Supplier<Answer> body) {
        try {
            Answer a = body.get();
            Response.ResponseBuilder r = Response.ok(a.body());
            if (!a.missing().isEmpty()) {
                r.header(PARTIAL_HEADER, String.join(", ", a.missing()));
            }
            return r.build();
        } catch (NotFound e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (Unavailable e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (InvalidStateStoreException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "the cube's stores are not queryable yet ("
                    + e.getMessage() + "); try again in a moment");
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
