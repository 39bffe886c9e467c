package org.hisscube.fetcher.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A client for SkyServer's SQL search web service:
 * {@code GET <base>/SkyServerWS/SearchTools/SqlSearch?cmd=<url-encoded SQL>&format=csv}, where {@code <base>} is
 * e.g. {@code https://skyserver.sdss.org/dr17}. The CSV answer begins with a {@code #Table1} line, then the header
 * and the rows; it is parsed with {@link CatalogReader}.
 *
 * <ul>
 *   <li>Only the configured base URL is ever called: the SQL travels only as the (percent-encoded) {@code cmd}
 *       parameter and redirects are not followed (a 3xx answer is an error).</li>
 *   <li>A non-200 answer, an HTML page (SkyServer reports some errors that way) or an answer without a table
 *       raises a {@link SkyServerException} with the status and the start of the body.</li>
 *   <li>SkyServer caps an answer (500,000 rows at the time of writing); page larger queries, e.g. by plate or by a
 *       moving id bound.</li>
 * </ul>
 */
public final class SkyServerQuery {
    /** The endpoint's path below the base URL. */
    public static final String SQL_SEARCH_PATH = "/SkyServerWS/SearchTools/SqlSearch";
    private static final int ERROR_SNIPPET = 500;

    private final URI base;
    private final HttpClient client;
    private final Duration timeout;
    private final CatalogReader reader = new CatalogReader();

    /** A client with its own HTTP client (10 s connect timeout, no redirects) and a 2-minute request timeout. */
    public SkyServerQuery(URI baseUrl) {
        this(baseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), Duration.ofMinutes(2));
    }

    /**
     * @param baseUrl the SkyServer release root, http(s), without query, fragment or user info, e.g.
     *                {@code https://skyserver.sdss.org/dr17}
     * @param client  the HTTP client; it must not follow redirects (checked), so that a redirect answer is
     *                refused instead of leading to another host
     * @param timeout the per-request timeout
     */
    public SkyServerQuery(URI baseUrl, HttpClient client, Duration timeout) {
        this.base = checkBase(baseUrl);
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HTTP client must not follow redirects (only " + base
                    + " may be called)");
        }
    }

    public URI baseUrl() {
        return base;
    }

    /** The request URI for a query. */
    public URI requestUri(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("empty SQL");
        }
        URI uri = URI.create(base + SQL_SEARCH_PATH + "?cmd=" + encode(sql) + "&format=csv");
        if (!Objects.equals(uri.getScheme(), base.getScheme()) || !Objects.equals(uri.getHost(), base.getHost())
                || uri.getPort() != base.getPort()) {
            throw new IllegalStateException("refusing to call " + uri.getHost() + ": only " + base + " is configured");
        }
        return uri;
    }

    /**
     * Runs a query and reads the answer. The rows' {@code sourceFile} is {@link #sourceName(String)}.
     *
     * @throws SkyServerException  SkyServer answered, but not with a table
     * @throws IOException         the connection failed or timed out
     */
    public CatalogReadResult execute(String sql) throws IOException, InterruptedException {
        URI uri = requestUri(sql);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "text/plain, text/csv")
                .GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                throw new SkyServerException(status, "SkyServer " + base + " answered HTTP " + status + describe(status)
                        + ": " + snippet(body));
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
            in.mark(ERROR_SNIPPET * 4);
            char[] head = new char[ERROR_SNIPPET];
            int n = in.read(head, 0, head.length);
            String start = n <= 0 ? "" : new String(head, 0, n);
            in.reset();
            if (start.replace("\uFEFF", "").stripLeading().startsWith("<")) { // SkyServer's error pages
                throw new SkyServerException(status, "SkyServer " + base
                        + " answered with an HTML page instead of a CSV table (an error page?): " + oneLine(start));
            }
            try {
                return reader.read(in, sourceName(sql));
            } catch (CatalogFormatException e) {
                throw new SkyServerException(status, "SkyServer " + base + " answered without a CSV table: "
                        + oneLine(start));
            }
        }
    }

    /** Lists the spectra of plates (plate, mjd, fiberid, class, redshift, ra, dec) and reads them. */
    public CatalogReadResult spectraOfPlates(Collection<Integer> plates) throws IOException, InterruptedException {
        return execute(spectraOfPlatesSql(plates));
    }

    /**
     * SQL listing the science spectra ({@code SpecObj}) of plates. {@code z} is selected {@code AS redshift} so it
     * cannot be mistaken for the z magnitude.
     */
    public static String spectraOfPlatesSql(Collection<Integer> plates) {
        TreeSet<Integer> distinct = new TreeSet<>(plates);
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("no plates");
        }
        for (int p : distinct) {
            if (p <= 0) {
                throw new IllegalArgumentException("not a plate: " + p);
            }
        }
        return "SELECT s.plate, s.mjd, s.fiberID, s.class, s.z AS redshift, s.ra, s.dec FROM SpecObj AS s"
                + " WHERE s.plate IN (" + distinct.stream().map(String::valueOf).collect(Collectors.joining(","))
                + ") ORDER BY s.plate, s.mjd, s.fiberID";
    }

    /** The source name rows of a query carry: {@code skyserver:<host><path>#sql-<first 12 hex of sha256(sql)>}. */
    public String sourceName(String sql) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return "skyserver:" + base.getHost() + base.getRawPath() + "#sql-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encoding of a query parameter value (spaces as %20, never '+'). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI checkBase(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("SkyServer base URL must be http(s): " + baseUrl);
        }
        if (baseUrl.getHost() == null || baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null
                || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "SkyServer base URL needs a host and no user info, query or fragment: " + baseUrl);
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.contains("/../") || path.endsWith("/..") || path.contains("/./")) {
            throw new IllegalArgumentException("SkyServer base URL path must be normalised: " + baseUrl);
        }
        return URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
    }

    private static String describe(int status) {
        return status >= 300 && status < 400 ? " (a redirect, not followed: only the configured base URL is called)"
                : "";
    }

    private static String snippet(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(ERROR_SNIPPET);
            return oneLine(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.isEmpty() ? "(empty body)" : t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
