package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 405 names the methods the resources answer at the path, read from their annotations. */
class ResourceMethodsTest {

    @Path("/api/cube")
    public static class Cube {
        @GET
        @Path("stats")
        public String stats() {
            return "";
        }

        @GET
        @Path("targets/{id: \\d+}")
        public String target(@PathParam("id") long id) {
            return "";
        }

        @POST
        @Path("exports")
        public String export() {
            return "";
        }
    }

    @Path("api/info/")
    public static class Info {
        @GET
        public String info() {
            return "";
        }
    }

    private final ResourceMethods routes = ResourceMethods.of(List.of(Cube.class, Info.class));

    @Test
    void shouldNameTheMethodsOfEachPathTemplate() {
        assertThat(routes.allowed("/api/cube/stats")).isEqualTo("GET, HEAD");
        assertThat(routes.allowed("api/cube/exports")).isEqualTo("POST");
        assertThat(routes.allowed("/api/cube/targets/42")).isEqualTo("GET, HEAD");
        assertThat(routes.allowed("/api/info")).isEqualTo("GET, HEAD");
    }

    @Test
    void shouldNameNothingWhereNoTemplateMatches() {
        assertThat(routes.allowed("/api/cube/targets/abc")).isEmpty();
        assertThat(routes.allowed("/api/nope")).isEmpty();
    }
}
