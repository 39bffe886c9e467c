package org.hisscube.fetcher.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.fetcher.catalog.SkyServerQuery;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A SkyServer watch with a moving MJD bound, against a local stub that answers like SqlSearch from real rows and
 * honours "mjd > N": each poll asks only past the last MJD seen, and a restarted watch resumes from Kafka.
 */
@ExtendWith(LocalStackExtension.class)
class SkyServerCatalogWatchIT {
    static final String HEADER = "objid,ra,dec,u,g,r,i,z,run,rerun,camcol,field,specobjid,class,redshift,plate,mjd,fiberid";
    static final List<String> ROWS = new ArrayList<>(List.of(
            "1,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,1,STAR,0.0001,3126,54804,211",
            "1,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,2,STAR,0.0001,3127,54835,622"));
    static final Pattern BOUND = Pattern.compile("mjd > (\\d+)");
    final List<String> queries = new ArrayList<>();

    @Test
    void shouldAskOnlyPastTheLastMjdAndResumeFromKafka(StackConfig stack) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        String watchId = "sky-" + System.nanoTime();
        String template = "SELECT * FROM SpecObj s WHERE s.mjd > {minMjd} ORDER BY s.mjd";
        List<FetchRequested> published = new ArrayList<>();
        try (WatchPositions positions = new WatchPositions(stack.kafka())) {
            SkyServerQuery query = new SkyServerQuery(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/dr17"));
            SkyServerCatalogWatch watch = new SkyServerCatalogWatch(watchId, query, template, 50000, positions,
                    published::addAll);
            assertThat(watch.poll()).extracting(FetchRequested::fileId).contains("spec-3126-54804-0211",
                    "spec-3127-54835-0622", "frame-r-002820-3-0122");
            assertThat(watch.bound()).isEqualTo(54835);
            assertThat(watch.poll()).isEmpty();

            ROWS.add("1,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,3,STAR,0.0001,7330,56684,434");
            SkyServerCatalogWatch restarted = new SkyServerCatalogWatch(watchId, query, template, 50000, positions,
                    published::addAll);
            assertThat(restarted.bound()).as("resumed from Kafka").isEqualTo(54835);
            assertThat(restarted.poll()).extracting(FetchRequested::fileId).contains("spec-7330-56684-0434")
                    .doesNotContain("spec-3126-54804-0211", "spec-3127-54835-0622");
        } finally {
            server.stop(0);
        }
        assertThat(queries).containsExactly(template.replace("{minMjd}", "50000"),
                template.replace("{minMjd}", "54835"), template.replace("{minMjd}", "54835"));
    }

    private void answer(HttpExchange ex) throws IOException {
        String rawQuery = ex.getRequestURI().getRawQuery();
        String cmd = URLDecoder.decode(rawQuery.replaceFirst("^cmd=", "").replaceFirst("&format=csv$", ""),
                StandardCharsets.UTF_8);
        queries.add(cmd);
        Matcher m = BOUND.matcher(cmd);
        long bound = m.find() ? Long.parseLong(m.group(1)) : 0;
        StringBuilder body = new StringBuilder("#Table1\n").append(HEADER).append('\n');
        for (String row : ROWS) {
            String[] f = row.split(",");
            if (Long.parseLong(f[16]) > bound) {
                body.append(row).append('\n');
            }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
