package org.hisscube.trainer;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** What this service is and which topics it reads and writes (from the Topics catalogue). */
@Path("/api/info")
public class TrainerInfoResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        return Map.of("service", "trainer-service", "consumes", TrainerTopics.CONSUMES, "produces",
                TrainerTopics.PRODUCES);
    }
}
