package org.hisscube.fetcher.download;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.store.InvalidObjectKeyException;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectKeys;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreException;
import org.jboss.logging.Logger;

/**
 * Fetches one SDSS file from the configured base URL into the object store, verified, and says so with a
 * {@link RawFileStored} claim check — only once the object is durably stored under its final key.
 *
 * <ol>
 *   <li>Already stored under {@code <rawPrefix><SAS path>} with a sha256 (matching the expected one, where known)?
 *       Then nothing is downloaded and the claim check is made from the stored metadata (idempotent replays).</li>
 *   <li>Otherwise the body streams (never whole in memory; resumed with Range after a broken transfer) through a
 *       SHA-256 digest into a staging object, is verified (size, checksum, FITS or bzip2 magic), copied server-side
 *       to its final key with its metadata, and the staging object is deleted. A failed verification never leaves
 *       an object under the final key.</li>
 *   <li>Transient failures (5xx, 429, timeouts, resets, checksum mismatch, object store down) are retried with
 *       exponential backoff and full jitter; permanent ones (404, not FITS, a URL outside the base) are not.</li>
 * </ol>
 */
public final class FileFetcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FileFetcher.class);
    static final String STAGING_PREFIX = "staging/";

    private final FetchSettings settings;
    private final ObjectStore store;
    private final HttpClient http;
    private final RateLimiter rate;
    private final Semaphore slots;
    private final FetchListener listener;
    private final ScheduledExecutorService timer;

    public FileFetcher(FetchSettings settings, ObjectStore store, FetchListener listener) {
        this.settings = settings;
        this.store = store;
        this.listener = listener;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead off the configured base URL
                .build();
        this.rate = new RateLimiter(settings.requestsPerSecond());
        this.slots = new Semaphore(settings.maxConcurrency(), true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fetch-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public FetchSettings settings() {
        return settings;
    }

    /** Fetches (or finds) the file; throws {@link FetcherException} when it cannot, saying whether for good. */
    public RawFileStored fetch(FetchRequested request) {
        String fileId = request.fileId();
        URI url = SasUrls.resolve(settings.baseUrl(), fileId, request.sasPath());
        String key;
        try {
            key = ObjectKeys.join(settings.rawPrefix(), request.sasPath());
        } catch (InvalidObjectKeyException e) {
            throw new FetcherException(fileId, "bad_key", true, e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        listener.started(fileId);
        boolean ended = false;
        try {
            RawFileStored done = fetchWithRetries(request, url, key, t0);
            ended = true;
            return done;
        } catch (FetcherException e) {
            ended = true;
            listener.failed(fileId, e.causeCode());
            throw e;
        } finally {
            if (!ended) {
                listener.failed(fileId, "error");
            }
        }
    }

    private RawFileStored fetchWithRetries(FetchRequested request, URI url, String key, long t0) {
        String fileId = request.fileId();
        FetcherException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                Optional<RawFileStored> stored = alreadyStored(request, key, url);
                if (stored.isPresent()) {
                    listener.finished(fileId, true, stored.get().sizeBytes(), System.nanoTime() - t0);
                    return stored.get();
                }
                RawFileStored done = withSlot(fileId, () -> downloadOnce(request, url, key));
                listener.finished(fileId, false, done.sizeBytes(), System.nanoTime() - t0);
                return done;
            } catch (FetcherException e) {
                last = e;
            } catch (ObjectStoreException e) {
                last = unwrap(fileId, e);
            }
            if (last.permanent()) {
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (attempt < settings.maxAttempts()) {
                listener.retried(fileId, last.causeCode());
                LOG.infof("retrying %s (attempt %d of %d failed: %s)", fileId, attempt, settings.maxAttempts(),
                        last.getMessage());
                sleep(backoff(attempt));
            }
        }
        if (last.permanent()) {
            throw last;
        }
        // a file that keeps arriving wrong is refused for good; an unreachable server or store is not the file's fault
        boolean badFile = last.causeCode().equals("checksum_mismatch") || last.causeCode().equals("size_mismatch");
        throw new FetcherException(fileId, last.causeCode(), badFile, "gave up after " + settings.maxAttempts()
                + " attempts; last: " + last.reason(), last);
    }

    private Optional<RawFileStored> alreadyStored(FetchRequested request, String key, URI url) {
        Optional<ObjectInfo> info = store.stat(key);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> meta = info.get().userMetadata();
        String sha = meta.get("sha256");
        boolean shaOk = sha != null && sha.matches("[0-9a-f]{64}")
                && (request.expectedSha256() == null || request.expectedSha256().equalsIgnoreCase(sha));
        boolean sizeOk = request.expectedSize() == null || request.expectedSize() == info.get().size();
        if (!shaOk || !sizeOk) {
            LOG.warnf("%s is stored under %s but does not match the request (sha256 %s, size %d): fetching again",
                    request.fileId(), key, sha, info.get().size());
            return Optional.empty();
        }
        return Optional.of(RawFileStored.of(request.fileId(), request.kind(), store.bucket(), key, sha,
                info.get().size(), meta.getOrDefault("source-url", url.toString()), request.sdssIds()));
    }

    private RawFileStored downloadOnce(FetchRequested request, URI url, String key) {
        String fileId = request.fileId();
        HttpResponse<InputStream> response = get(fileId, url);
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
        if (length > settings.maxFileBytes()) {
            closeQuietly(response.body());
            throw new FetcherException(fileId, "too_large", true, url + " is " + length + " bytes, over the limit of "
                    + settings.maxFileBytes(), null);
        }
        if (request.expectedSize() != null && length >= 0 && length != request.expectedSize()) {
            closeQuietly(response.body());
            throw new FetcherException(fileId, "size_mismatch", false, url + " announces " + length
                    + " bytes, expected " + request.expectedSize(), null);
        }
        String staging = STAGING_PREFIX + fileId + "-" + UUID.randomUUID();
        Verifying body;
        try (ResumingBody resuming = new ResumingBody(http, url, fileId, response.body(), length, settings, rate,
                listener, timer)) {
            body = new Verifying(resuming, settings.maxFileBytes(), fileId);
            store.put(staging, body, length, "application/octet-stream", Map.of("file-id", fileId));
        } catch (ObjectStoreException e) {
            safeDelete(staging);
            throw unwrap(fileId, e);
        }
        try {
            String sha = body.sha256();
            long size = body.count();
            if (length >= 0 && size != length) {
                throw new FetcherException(fileId, "truncated", false, "got " + size + " of " + length + " bytes", null);
            }
            if (request.expectedSize() != null && size != request.expectedSize()) {
                throw new FetcherException(fileId, "size_mismatch", false, "got " + size + " bytes, expected "
                        + request.expectedSize(), null);
            }
            if (!body.magicOk(request.sasPath())) {
                throw new FetcherException(fileId, "not_fits", true, url + " is not a " + (request.sasPath()
                        .endsWith(".bz2") ? "bzip2-compressed" : "FITS") + " file (starts with '" + body.head() + "')",
                        null);
            }
            if (request.expectedSha256() != null && !request.expectedSha256().equalsIgnoreCase(sha)) {
                throw new FetcherException(fileId, "checksum_mismatch", false, "sha256 " + sha + " != expected "
                        + request.expectedSha256(), null);
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("sha256", sha);
            meta.put("size", Long.toString(size));
            meta.put("source-url", url.toString());
            meta.put("fetched-at", Instant.now().toString());
            meta.put("file-id", fileId);
            ObjectInfo stored = store.copy(staging, key, meta);
            if (stored.size() != size) {
                throw new FetcherException(fileId, "store", false, "stored " + stored.size() + " bytes, expected "
                        + size, null);
            }
            return RawFileStored.of(fileId, request.kind(), store.bucket(), key, sha, size, url.toString(),
                    request.sdssIds());
        } finally {
            safeDelete(staging);
        }
    }

    private HttpResponse<InputStream> get(String fileId, URI url) {
        try {
            rate.acquire(url.getHost());
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(settings.readTimeout())
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            int code = r.statusCode();
            if (code == 200) {
                return r;
            }
            closeQuietly(r.body());
            boolean transientCode = code == 408 || code == 429 || code >= 500;
            throw new FetcherException(fileId, "http_" + code, !transientCode, url + " answered HTTP " + code, null);
        } catch (HttpTimeoutException e) {
            throw new FetcherException(fileId, "timeout", false, url + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FetcherException(fileId, "io", false, url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetcherException(fileId, "interrupted", false, "interrupted", e);
        }
    }

    private FetcherException unwrap(String fileId, ObjectStoreException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FetcherException f) {
                return f;
            }
        }
        return new FetcherException(fileId, "store", false, e.getMessage(), e);
    }

    private void safeDelete(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.debugf("could not delete staging object %s: %s", key, e.getMessage());
        }
    }

    private <T> T withSlot(String fileId, java.util.function.Supplier<T> body) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetcherException(fileId, "interrupted", false, "interrupted", e);
        }
        try {
            return body.get();
        } finally {
            slots.release();
        }
    }

    /** Full jitter: uniform in [0, min(max, initial·2^(attempt−1))]. */
    long backoff(int attempt) {
        long cap = Math.min(settings.backoffMax().toMillis(),
                settings.backoffInitial().toMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to save
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Counts, digests and remembers the first bytes of what passes; refuses more than the size limit. */
    static final class Verifying extends FilterInputStream {
        private final MessageDigest digest;
        private final long limit;
        private final String fileId;
        private final byte[] head = new byte[16];
        private int headLength;
        private long count;

        Verifying(InputStream in, long limit, String fileId) {
            super(in);
            this.limit = limit;
            this.fileId = fileId;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                if (headLength < head.length) {
                    int k = Math.min(n, head.length - headLength);
                    System.arraycopy(b, off, head, headLength, k);
                    headLength += k;
                }
                count += n;
                if (count > limit) {
                    throw new FetcherException(fileId, "too_large", true, "more than " + limit + " bytes", null);
                }
            }
            return n;
        }

        long count() {
            return count;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }

        String head() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(headLength, 9); i++) {
                char c = (char) (head[i] & 0xff);
                sb.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
            return sb.toString();
        }

        boolean magicOk(String sasPath) {
            String h = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
            return sasPath.endsWith(".bz2") ? h.startsWith("BZh") : h.startsWith("SIMPLE  =");
        }
    }
}
