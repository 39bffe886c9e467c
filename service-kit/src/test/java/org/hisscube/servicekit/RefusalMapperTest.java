package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/**
 * The bodies of refusals (what HTTP clients get is checked in the services' tests, e.g. CubeRefusalsIT). JAX-RS's
 * exception classes need a RuntimeDelegate to build their responses: the test class path has RESTEasy Reactive's.
 */
class RefusalMapperTest {

    @Test
    void shouldPassAResourcesOwnRefusalThroughUnchanged() {
        RequestRefusedException e = new RequestRefusedException(Response.Status.BAD_REQUEST, "ra 'x' is not a number",
                "ra in degrees");
        assertThat(RefusalMapper.refusalOf(e, "GET", "/api/cube/targets", null, null))
                .isEqualTo(new RequestRefusal("ra 'x' is not a number", "ra in degrees"));
        assertThat(e.getResponse().getStatus()).isEqualTo(400);
        assertThat(e.getResponse().getEntity()).isEqualTo(new RequestRefusal("ra 'x' is not a number",
                "ra in degrees"));
    }

    @Test
    void shouldNameTheRequestOfAPathWithoutEndpoint() {
        RequestRefusal r = RefusalMapper.refusalOf(new NotFoundException(), "GET", "/api/nope", null, null);
        assertThat(r.error()).contains("no endpoint at GET /api/nope");
        assertThat(r.accepted()).contains("README");
    }

    @Test
    void shouldKeepTheMessageOfANotFoundThrownWithOne() {
        RequestRefusal r = RefusalMapper.refusalOf(new NotFoundException("no import 7"), "GET", "/api/imports/7",
                null, null);
        assertThat(r.error()).isEqualTo("no import 7 (GET /api/imports/7)");
    }

    @Test
    void shouldListTheAllowedMethods() {
        RequestRefusal r = RefusalMapper.refusalOf(new NotAllowedException("GET", new String[] {"HEAD"}), "DELETE", "/api/info",
                null, null);
        assertThat(r.error()).isEqualTo("DELETE is not allowed on /api/info");
        assertThat(r.accepted()).startsWith("methods ").contains("GET").contains("HEAD");
    }

    @Test
    void shouldNameTheUnacceptableAcceptAndTheUnsupportedContentType() {
        assertThat(RefusalMapper.refusalOf(new NotAcceptableException(), "GET", "/api/info", "text/xml", null))
                .satisfies(r -> {
                    assertThat(r.error()).contains("text/xml");
                    assertThat(r.accepted()).contains("application/json");
                });
        assertThat(RefusalMapper.refusalOf(new NotSupportedException(), "POST", "/api/x", null, "image/png"))
                .satisfies(r -> assertThat(r.error()).contains("image/png").contains("POST /api/x"));
    }

    @Test
    void shouldKeepTheMessageOfABadRequest() {
        assertThat(RefusalMapper.refusalOf(new BadRequestException("limit must be a number"), "GET", "/api/x", null,
                null).error()).isEqualTo("limit must be a number");
        assertThat(RefusalMapper.refusalOf(new BadRequestException(), "GET", "/api/x", null, null).error())
                .isEqualTo("bad request GET /api/x");
    }
}
