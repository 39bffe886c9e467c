package org.hisscube.cube;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.hisscube.cube.streams.CubeTopicNames;

/** What this service is and which topics it reads and writes (from the Topics catalogue). */
@Path("/api/info")
public class CubeInfoResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        return Map.of("service", "cube-service", "consumes", CubeTopicNames.standard().consumed(), "produces",
                CubeTopicNames.standard().produced());
    }
}
