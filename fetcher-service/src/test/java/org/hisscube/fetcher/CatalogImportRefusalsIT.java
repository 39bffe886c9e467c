package org.hisscube.fetcher;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of the fetcher's endpoints explains itself: a JSON body with what was wrong ({@code error}) and
 * what is accepted ({@code accepted}), with the status that fits. The limits are made small here
 * ({@code max-catalog-bytes} 64 KiB, the HTTP layer's body limit 256 KiB) and SkyServer is a closed port.
 */
@QuarkusTest
@QuarkusTestResource(value = FetcherTestStack.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "hisscube.fetcher.max-catalog-bytes", value = "65536"),
    @ResourceArg(name = "quarkus.http.limits.max-body-size", value = "256K"),
    @ResourceArg(name = "hisscube.fetcher.skyserver-url", value = "http://127.0.0.1:1")})
class CatalogImportRefusalsIT {
    static final String CATALOGS = "/api/catalog-imports";
    static final String QUERIES = "/api/catalog-imports/skyserver";
    static final String HEADER = "objid,ra,dec,run,rerun,camcol,field,specobjid,class,plate,mjd,fiberid\n";

    /** The refusal's status, a JSON body, and an error and accepted text containing what the case must say. */
    static void assertRefused(ValidatableResponse r, int status, String errorSays, String acceptedSays) {
        r.statusCode(status).contentType(startsWith("application/json"))
                .body("error", containsString(errorSays))
                .body("accepted", containsString(acceptedSays));
    }

    @Test
    void shouldRefuseACsvThatIsNotACatalogWith400SayingWhichColumnsAreKnown() {
        assertRefused(given().contentType("text/csv").body("name,colour\nrose,red\n").post(CATALOGS).then(), 400,
                "not a catalog header (no known column): name,colour", "a header line naming known columns");
    }

    @Test
    void shouldRefuseAnEmptyCatalogWith400() {
        assertRefused(given().contentType("text/csv").body("").post(CATALOGS).then(), 400, "the body is empty",
                "SkyServer-style CSV");
    }

    @Test
    void shouldRefuseJsonAndFormBodiesWith415NamingTheAcceptedTypes() {
        assertRefused(given().contentType("application/json").body("{\"objid\": 1}").post(CATALOGS).then(), 415,
                "Content-Type 'application/json", "text/csv or text/plain");
        assertRefused(given().contentType("application/x-www-form-urlencoded").body(HEADER).post(CATALOGS).then(),
                415, "application/x-www-form-urlencoded", "text/csv or text/plain");
    }

    @Test
    void shouldRefuseACatalogOverTheLimitWith413SayingTheLimit() {
        String big = HEADER + "1,38.3,-0.13,2820,301,3,122,1,STAR,3126,54804,211\n".repeat(2000); // ~100 KB
        assertRefused(given().contentType("text/csv").body(big).post(CATALOGS).then(), 413,
                "larger than 65536 bytes", "at most 65536 bytes");
    }

    /** Over the HTTP layer's own limit too: refused by the announced length before a byte is read, as JSON. */
    @Test
    void shouldRefuseABodyOverTheHttpLimitWith413AsJsonToo() {
        String huge = HEADER + "x".repeat(300 * 1024);
        assertRefused(given().contentType("text/csv").body(huge).post(CATALOGS).then(), 413,
                "bytes, larger than 65536 bytes", "at most 65536 bytes");
        assertRefused(given().contentType("text/plain").body(huge).post(QUERIES).then(), 413,
                "larger than 65536 bytes", "one SkyServer SQL query");
    }

    /** Sent without a length (chunked), the body is counted as it is read and refused at the limit. */
    @Test
    void shouldRefuseAChunkedBodyOverTheLimitWith413() {
        byte[] huge = (HEADER + "x".repeat(300 * 1024)).getBytes(StandardCharsets.US_ASCII);
        assertRefused(given().contentType("text/csv").body(new ByteArrayInputStream(huge)).post(CATALOGS).then(),
                413, "the catalog is larger than 65536 bytes", "at most 65536 bytes");
    }

    @Test
    void shouldRefuseOtherMethodsWith405NamingTheAllowedOne() {
        for (String path : new String[] {CATALOGS, QUERIES}) {
            ValidatableResponse r = given().get(path).then();
            assertRefused(r, 405, "GET is not allowed on " + path, "POST " + path);
            r.header("Allow", containsString("POST"));
        }
    }

    @Test
    void shouldRefuseAnAnswerTypeItCannotGiveWith406() {
        given().contentType("text/csv").accept("text/xml").body(HEADER).post(CATALOGS).then().statusCode(406)
                .contentType(startsWith("application/json"))
                .body("error", containsString("text/xml")).body("accepted", containsString("application/json"));
    }

    @Test
    void shouldRefuseAnEmptyOrMistypedQueryAndSayWhenSkyServerCannotBeReached() {
        assertRefused(given().contentType("text/plain").body("  ").post(QUERIES).then(), 400, "no SQL query",
                "one SkyServer SQL query");
        assertRefused(given().contentType("application/sql").body("SELECT 1".getBytes(StandardCharsets.UTF_8))
                .post(QUERIES).then(), 415,
                "application/sql", "Content-Type text/plain");
        assertRefused(given().contentType("text/plain").body("SELECT TOP 1 plate, mjd, fiberid FROM SpecObj")
                .post(QUERIES).then(), 502, "could not be reached", "one SkyServer SQL query");
    }
}
