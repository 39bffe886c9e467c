package org.hisscube.fetcher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Fetcher settings ({@code hisscube.fetcher.*}; environment HISSCUBE_FETCHER_BASE_URL etc.). */
@ConfigMapping(prefix = "hisscube.fetcher")
public interface FetcherConfig {
    /** The SAS (or mirror) base URL; the only place files are fetched from. */
    @WithDefault("https://data.sdss.org/sas/dr17/")
    String baseUrl();

    /** Downloads in flight at most. */
    @WithDefault("4")
    int maxConcurrency();

    /** Requests per second per host. */
    @WithDefault("4")
    double requestsPerSecond();

    @WithDefault("10s")
    Duration connectTimeout();

    /** Longest wait for response headers, and for any next byte of a body before the transfer is resumed. */
    @WithDefault("30s")
    Duration readTimeout();

    /**
     * Attempts per file with exponential backoff; then an outage (archive, store or broker) holds the request
     * unacknowledged, tried again every backoff-max, and a file that arrived wrong this often is refused.
     */
    @WithDefault("5")
    int maxAttempts();

    /** First retry delay; doubles per attempt, with full jitter. */
    @WithDefault("1s")
    Duration backoffInitial();

    /** Cap of the retry delay, and the pace at which a held request is tried again. */
    @WithDefault("60s")
    Duration backoffMax();

    /** Refuse files larger than this (bytes). */
    @WithDefault("268435456")
    long maxFileBytes();

    /**
     * Refuse catalog bodies larger than this (bytes) with 413 and a JSON reason; the largest real catalog is 1.5 MB.
     * At most half of quarkus.http.limits.max-body-size (10 MiB by default) takes effect.
     */
    @WithDefault("4194304")
    long maxCatalogBytes();

    /**
     * Files of known size up to this (bytes) are verified in memory and stored in one PUT; larger or unannounced
     * ones stream into a multipart upload of their key, completed only once verified. 0: every file streams.
     */
    @WithDefault("67108864")
    long inMemoryMaxBytes();

    /**
     * Multipart uploads under the raw prefix started longer ago than this are taken as left by a killed fetcher and
     * aborted: at start and every {@code abandoned-upload-sweep} after. Longer than any transfer takes.
     */
    @WithDefault("15m")
    Duration abandonedUploadAge();

    /** How often abandoned uploads are looked for after the start. */
    @WithDefault("5m")
    Duration abandonedUploadSweep();

    /** Object-key prefix of raw files. */
    @WithDefault("raw/")
    String rawPrefix();

    /** SkyServer release root for SQL imports and query watches (HISSCUBE_FETCHER_SKYSERVER_URL). */
    @WithDefault("https://skyserver.sdss.org/dr17")
    String skyserverUrl();

    /** Continuous ingestion from a folder of catalog CSVs and/or a SkyServer query. */
    Watch watch();

    interface Watch {
        /** The folder to watch; no watch when unset (HISSCUBE_FETCHER_WATCH_FOLDER). */
        java.util.Optional<String> folder();

        /** How often the folder is read again. */
        @WithDefault("60s")
        Duration interval();

        /** The watch's name; its position in Kafka is kept under this name. */
        @WithDefault("folder-watch")
        String id();

        /**
         * A SkyServer SQL template with a {minMjd} bound to watch (HISSCUBE_FETCHER_WATCH_SKYSERVER_SQL), e.g.
         * {@code SELECT ... FROM SpecObj s JOIN PhotoObj p ... WHERE s.mjd > {minMjd} ORDER BY s.mjd}.
         */
        java.util.Optional<String> skyserverSql();

        /** Where a new SkyServer watch starts (exclusive MJD bound). */
        @WithDefault("51000")
        long skyserverStartMjd();
    }
}
