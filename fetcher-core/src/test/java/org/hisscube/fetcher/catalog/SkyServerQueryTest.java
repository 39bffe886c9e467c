package org.hisscube.fetcher.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hisscube.contracts.events.FetchRequested;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local stub that answers like SkyServer's SqlSearch (a {@code #Table1} line, then CSV). */
class SkyServerQueryTest {
    private HttpServer server;
    private URI base;
    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "text/plain; charset=utf-8";
    private volatile String body = "";
    private volatile String location;

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dr17");
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (location != null) {
            exchange.getResponseHeaders().set("Location", location);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The query parameters as a server decodes them. */
    private static Map<String, String> parameters(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** The header and the first rows of a real catalog, as SkyServer's CSV answer. */
    private static String skyServerAnswer(String file, int rows) throws IOException {
        List<String> lines = Files.readAllLines(RepoData.catalog(file), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("#")).limit(rows + 1L).toList();
        return "#Table1\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void shouldSendTheQueryToSqlSearchAndReadTheTable1Answer() throws Exception {
        body = skyServerAnswer("GrumpyMonk_input_New_QSO.csv", 3);
        String sql = "SELECT TOP 3 p.objid, p.ra, p.dec, p.u, p.g, p.r, p.i, p.z, p.run, p.rerun, p.camcol, p.field,\n"
                + "  s.specobjid, s.class, s.z AS redshift, s.plate, s.mjd, s.fiberid\n"
                + "FROM PhotoObj AS p JOIN SpecObj AS s ON s.bestobjid = p.objid\n"
                + "WHERE s.class = 'STAR' AND p.r + 0.5 < 20 AND s.z BETWEEN -0.1 AND 0.1 "
                + "AND p.ra > 40 -- 100% & = # ? Å\n";
        SkyServerQuery query = new SkyServerQuery(base);

        CatalogReadResult result = query.execute(sql);

        assertThat(requests).singleElement().satisfies(uri -> {
            assertThat(uri.getPath()).isEqualTo("/dr17/SkyServerWS/SearchTools/SqlSearch");
            assertThat(uri.getRawQuery()).doesNotContain("+").doesNotContain(" ");
            assertThat(parameters(uri)).containsOnly(Map.entry("cmd", sql), Map.entry("format", "csv"));
        });
        assertThat(result.skipped()).isEmpty();
        assertThat(result.objects()).hasSize(3);
        CatalogObject first = result.objects().get(0);
        // 1237645941291614227,49.6274851208606,...,109,301,1,100,1705795582662043648,STAR,-9.765775E-05,1515,52932,208
        assertThat(first.objId()).isEqualTo(1237645941291614227L);
        assertThat(first.ra()).isEqualTo(49.6274851208606);
        assertThat(first.objectClass()).isEqualTo("STAR");
        assertThat(first.spectrumKey()).isEqualTo(new SpectrumKey(1515, 52932, 208));
        assertThat(first.fieldKey()).isEqualTo(new FieldKey(109, 1, 100));
        assertThat(first.line()).isEqualTo(3);
        assertThat(first.sourceFile()).isEqualTo(query.sourceName(sql)).startsWith("skyserver:127.0.0.1/dr17#sql-");
    }

    @Test
    void shouldExpandPlatesThroughALookupIntoSpectrumRequests() throws Exception {
        body = "#Table1\nplate,mjd,fiberID,class,redshift,ra,dec\n"
                + "3126,54804,211,STAR,-0.0001185,38.301802,-0.13391571\n"
                + "3126,54804,329,STAR,0.0002,38.5,-0.2\n";
        SkyServerQuery query = new SkyServerQuery(URI.create(base + "/")); // a trailing slash is fine

        CatalogReadResult result = query.spectraOfPlates(List.of(3126, 3126));
        List<FetchRequested> requests = new WorkListPlanner().planObjects(result.objects());

        assertThat(parameters(this.requests.get(0)).get("cmd")).isEqualTo(
                "SELECT s.plate, s.mjd, s.fiberID, s.class, s.z AS redshift, s.ra, s.dec FROM SpecObj AS s"
                        + " WHERE s.plate IN (3126) ORDER BY s.plate, s.mjd, s.fiberID");
        assertThat(this.requests.get(0).getPath()).isEqualTo("/dr17/SkyServerWS/SearchTools/SqlSearch");
        assertThat(requests).extracting(FetchRequested::fileId).containsExactly("spec-3126-54804-0211",
                "spec-3126-54804-0329");
        assertThat(requests.get(0).requestedBy()).isEqualTo(query.sourceName(SkyServerQuery.spectraOfPlatesSql(List.of(3126))));
    }

    @Test
    void shouldFailClearlyOnANon200Answer() {
        status = 500;
        body = "Error: Incorrect syntax near 'FORM'.";
        SkyServerQuery query = new SkyServerQuery(base);

        assertThatThrownBy(() -> query.execute("SELECT TOP 1 objid FORM PhotoObj"))
                .isInstanceOfSatisfying(SkyServerException.class, e -> assertThat(e.status()).isEqualTo(500))
                .hasMessageContaining("HTTP 500").hasMessageContaining("Incorrect syntax near 'FORM'");
    }

    @Test
    void shouldFailClearlyOnAnHtmlErrorPage() {
        body = "<!DOCTYPE html>\n<html><head><title>SkyServer</title></head><body><h1>Error</h1>"
                + "<p>The query could not be run.</p></body></html>";
        contentType = "text/plain"; // even if mislabelled
        SkyServerQuery query = new SkyServerQuery(base);

        assertThatThrownBy(() -> query.execute("SELECT 1")).isInstanceOf(SkyServerException.class)
                .hasMessageContaining("HTML page").hasMessageContaining("The query could not be run.");
    }

    @Test
    void shouldFailClearlyOnAnAnswerWithoutATable() {
        body = "";
        SkyServerQuery query = new SkyServerQuery(base);

        assertThatThrownBy(() -> query.execute("SELECT 1")).isInstanceOf(SkyServerException.class)
                .hasMessageContaining("without a CSV table");
    }

    @Test
    void shouldNotFollowARedirectToAnotherHost() {
        status = 302;
        location = "http://example.invalid/steal";
        SkyServerQuery query = new SkyServerQuery(base);

        assertThatThrownBy(() -> query.execute("SELECT 1")).isInstanceOfSatisfying(SkyServerException.class,
                e -> assertThat(e.status()).isEqualTo(302)).hasMessageContaining("not followed");
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldOnlyAcceptAPlainHttpBaseUrl() {
        assertThatThrownBy(() -> new SkyServerQuery(URI.create("ftp://skyserver.sdss.org/dr17")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SkyServerQuery(URI.create("https://user:pw@skyserver.sdss.org/dr17")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SkyServerQuery(URI.create("https://skyserver.sdss.org/dr17?x=1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SkyServerQuery(URI.create("https://skyserver.sdss.org/dr17/")).requestUri("SELECT 1"))
                .hasToString("https://skyserver.sdss.org/dr17/SkyServerWS/SearchTools/SqlSearch?cmd=SELECT%201"
                        + "&format=csv");
    }
}
