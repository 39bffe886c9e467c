package org.hisscube.fetcher.download;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the fetcher downloads.
 *
 * @param baseUrl           the SAS (or mirror) base URL; the only place files are fetched from
 * @param maxConcurrency    downloads in flight at most
 * @param requestsPerSecond per-host rate limit (be polite to a public archive)
 * @param connectTimeout    TCP connect timeout
 * @param readTimeout       longest wait for the response headers and for each chunk of body
 * @param maxAttempts       attempts per file before an outage is given up or held, and how often a file may arrive
 *                          wrong before it is refused ({@link RetryPolicy})
 * @param backoffInitial    first retry delay; doubles per attempt, with full jitter ({@link RetryPolicy})
 * @param backoffMax        cap of the retry delay, and the pace of a held request ({@link RetryPolicy})
 * @param maxFileBytes      refuse anything larger (no SDSS frame or spectrum comes near)
 * @param rawPrefix         object-key prefix of raw files: {@code <rawPrefix><SAS path>}
 */
public record FetchSettings(URI baseUrl, int maxConcurrency, double requestsPerSecond, Duration connectTimeout,
        Duration readTimeout, int maxAttempts, Duration backoffInitial, Duration backoffMax, long maxFileBytes,
        String rawPrefix) {
    public FetchSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("base URL must be http(s)://host/...: " + baseUrl);
        }
        if (baseUrl.getUserInfo() != null || baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
            throw new IllegalArgumentException("base URL must not carry credentials, a query or a fragment");
        }
        if (!baseUrl.getPath().endsWith("/")) {
            baseUrl = URI.create(baseUrl + "/");
        }
        if (maxConcurrency < 1 || maxAttempts < 1 || requestsPerSecond <= 0 || maxFileBytes < 1) {
            throw new IllegalArgumentException("maxConcurrency, maxAttempts, requestsPerSecond, maxFileBytes must be"
                    + " positive");
        }
    }

    /** Defaults for the real SAS: 4 parallel downloads, 4 requests/s, 5 attempts, 1 s → 60 s backoff. */
    public static FetchSettings defaults(URI baseUrl) {
        return new FetchSettings(baseUrl, 4, 4.0, Duration.ofSeconds(10), Duration.ofSeconds(30), 5,
                Duration.ofSeconds(1), Duration.ofSeconds(60), 256L << 20, "raw/");
    }
}
