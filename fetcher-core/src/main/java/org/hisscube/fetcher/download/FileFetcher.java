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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.store.InvalidObjectKeyException;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectKeys;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreException;
import org.hisscube.contracts.store.PartUpload;
import org.hisscube.contracts.store.PendingUpload;
import org.jboss.logging.Logger;

/**
 * Fetches one SDSS file from the configured base URL into the object store, verified, and says so with a
 * {@link RawFileStored} claim check — only once the object is durably stored under its final key.
 *
 * <ol>
 *   <li>Already stored under {@code <rawPrefix><SAS path>} with a sha256 (matching the expected one, where known)?
 *       Then nothing is downloaded and the claim check is made from the stored metadata (idempotent replays).</li>
 *   <li>Otherwise the body (resumed with Range after a broken transfer) goes through a SHA-256 digest and is
 *       verified (size, checksum, FITS or bzip2 magic) before anything is stored. A body of known size up to
 *       {@link #IN_MEMORY_MAX} (every SDSS frame and spectrum) is held in memory meanwhile and then written to its
 *       final key with its metadata in one PUT. A larger or unannounced body streams into a multipart upload of the
 *       final key (never whole in memory), completed only once verified and aborted otherwise. Either way every byte
 *       travels once, a failed verification never leaves an object under the final key, and an object there is
 *       complete (a PUT and a completed multipart upload are atomic; an open upload is invisible).</li>
 *   <li>Every attempt — the download, and with {@link #fetchAndAnnounce} the announcement of the claim check — runs
 *       under the one {@link RetryPolicy}: what is transient or permanent, how long to wait, when to stop.</li>
 * </ol>
 */
public final class FileFetcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FileFetcher.class);
    /** Bodies of known size up to this are verified in memory and stored in one PUT, by default. */
    public static final long IN_MEMORY_MAX = 64L << 20;
    /** The part size of a streamed body's multipart upload. */
    static final int PART_BYTES = 8 << 20;

    /** Where a stored file's claim check goes (a Kafka topic in the service); returns once it is acknowledged. */
    @FunctionalInterface
    public interface ClaimCheckSink {
        void announce(RawFileStored stored) throws Exception;
    }

    private final FetchSettings settings;
    private final RetryPolicy policy;
    private final ObjectStore store;
    private final HttpClient http;
    private final RateLimiter rate;
    private final Semaphore slots;
    private final FetchListener listener;
    private final ScheduledExecutorService timer;
    private volatile long inMemoryMax = IN_MEMORY_MAX;

    /** A fetcher whose retry policy is made from the settings' attempts and backoff. */
    public FileFetcher(FetchSettings settings, ObjectStore store, FetchListener listener) {
        this(settings, RetryPolicy.of(settings), store, listener);
    }

    public FileFetcher(FetchSettings settings, RetryPolicy policy, ObjectStore store, FetchListener listener) {
        this.settings = settings;
        this.policy = policy;
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

    /**
     * Bodies of known size up to {@code bytes} go in one PUT, larger ones stream into a multipart upload (0: every
     * body streams). The default, {@link #IN_MEMORY_MAX}, holds every SDSS file in memory for its one PUT.
     */
    public FileFetcher inMemoryMax(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("inMemoryMax must be ≥ 0: " + bytes);
        }
        this.inMemoryMax = bytes;
        return this;
    }

    public FetchSettings settings() {
        return settings;
    }

    public RetryPolicy retryPolicy() {
        return policy;
    }

    /**
     * Fetches (or finds) the file, trying again as the policy says; throws {@link FetcherException} when it cannot:
     * permanent when the file is wrong for good, transient when the attempts were spent on an outage.
     */
    public RawFileStored fetch(FetchRequested request) {
        return run(request, null, RetryPolicy.OnOutage.GIVE_UP);
    }

    /**
     * Fetches (or finds) the file and announces its claim check, each attempt doing both, until done or refused: an
     * outage of the archive, the store or the claim-check sink holds the request (tried again every backoffMax)
     * instead of refusing it. Throws a permanent {@link FetcherException} when the file is wrong for good, and a
     * transient one only when the thread is interrupted (the request should then stay unacknowledged).
     */
    public RawFileStored fetchAndAnnounce(FetchRequested request, ClaimCheckSink sink) {
        return run(request, java.util.Objects.requireNonNull(sink, "sink"), RetryPolicy.OnOutage.HOLD);
    }

    /** One successful attempt: the claim check, whether it was there already, and when it was stored. */
    private record Done(RawFileStored stored, boolean alreadyStored, long storedAtNanos) {
    }

    private RawFileStored run(FetchRequested request, ClaimCheckSink sink, RetryPolicy.OnOutage onOutage) {
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
            Done done = policy.run(fileId, () -> attempt(request, url, key, sink), onOutage, listener);
            ended = true;
            listener.finished(fileId, done.alreadyStored(), done.stored().sizeBytes(), done.storedAtNanos() - t0);
            return done.stored();
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

    private Done attempt(FetchRequested request, URI url, String key, ClaimCheckSink sink) {
        String fileId = request.fileId();
        Optional<RawFileStored> found = alreadyStored(request, key, url);
        RawFileStored stored = found.isPresent() ? found.get()
                : withSlot(fileId, () -> downloadOnce(request, url, key));
        long storedAt = System.nanoTime();
        if (sink != null) {
            announce(sink, stored);
        }
        return new Done(stored, found.isPresent(), storedAt);
    }

    private static void announce(ClaimCheckSink sink, RawFileStored stored) {
        try {
            sink.announce(stored);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetcherException(stored.fileId(), "interrupted", false, "interrupted while announcing "
                    + stored.key(), e);
        } catch (Exception e) {
            throw new FetcherException(stored.fileId(), "announce", false, "stored as " + stored.key()
                    + " but its claim check was not acknowledged: " + e.getMessage(), e);
        }
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
        if (length >= 0 && length <= inMemoryMax) {
            return downloadInMemory(request, url, key, response, length);
        }
        return downloadStreamed(request, url, key, response, length);
    }

    /**
     * The body streamed through the digest into a multipart upload of the final key, one part per
     * {@link #PART_BYTES}: the upload is completed only once size, magic and checksum verify, and aborted otherwise
     * (also by an exception or an interrupt on the way), so the key shows either nothing or the whole verified file.
     * A killed process leaves an upload that no reader sees; {@link #abortAbandonedUploads} discards it.
     */
    private RawFileStored downloadStreamed(FetchRequested request, URI url, String key,
            HttpResponse<InputStream> response, long length) {
        String fileId = request.fileId();
        Map<String, String> meta = new LinkedHashMap<>();
        if (request.expectedSha256() != null) {
            meta.put("sha256", request.expectedSha256().toLowerCase(java.util.Locale.ROOT));
        }
        meta.put("source-url", url.toString());
        meta.put("fetched-at", Instant.now().toString());
        meta.put("file-id", fileId);
        try (ResumingBody resuming = new ResumingBody(http, url, fileId, response.body(), length, settings,
                policy.maxAttempts(), rate, listener, timer);
                PartUpload upload = store.startUpload(key, "application/octet-stream", meta)) {
            Verifying body = new Verifying(resuming, settings.maxFileBytes(), fileId);
            byte[] part = new byte[PART_BYTES];
            int n = body.readNBytes(part, 0, part.length);
            while (true) {
                int next = n == part.length ? body.read() : -1; // one byte ahead: is this the last part?
                upload.part(part, n);
                if (next < 0) {
                    break;
                }
                part[0] = (byte) next;
                n = 1 + body.readNBytes(part, 1, part.length - 1);
            }
            Map<String, String> verified = verified(request, url, body, length); // throws: the upload is aborted
            long size = body.count();
            ObjectInfo stored = upload.complete();
            if (stored.size() != size) {
                safeDelete(key);
                throw new FetcherException(fileId, "store", false, "stored " + stored.size() + " bytes, expected "
                        + size, null);
            }
            if (request.expectedSha256() == null) {
                // the checksum is known only now: record it on the object (a server-side metadata update); until
                // then a replay sees no sha256 and fetches again, so nothing relies on an unrecorded checksum
                store.copy(key, key, verified);
            }
            return RawFileStored.of(fileId, request.kind(), store.bucket(), key, verified.get("sha256"), size,
                    url.toString(), request.sdssIds());
        } catch (IOException e) {
            throw new FetcherException(fileId, "io", false, url + ": " + e, e);
        } catch (ObjectStoreException e) {
            throw RetryPolicy.classify(fileId, e);
        }
    }

    /**
     * Aborts the multipart uploads under the raw prefix that were started more than {@code olderThan} ago: what a
     * killed fetcher left behind (invisible to readers, but holding parts on the server). An upload of a live
     * fetcher that is aborted by mistake only makes that fetch fail once and be tried again. Returns how many.
     */
    public int abortAbandonedUploads(java.time.Duration olderThan) {
        Instant before = Instant.now().minus(olderThan);
        int aborted = 0;
        for (PendingUpload u : store.pendingUploads(settings.rawPrefix())) {
            if (!u.initiated().isAfter(before)) {
                store.abortUpload(u);
                aborted++;
                LOG.infof("aborted the abandoned upload %s of %s (started %s)", u.uploadId(), u.key(), u.initiated());
            }
        }
        return aborted;
    }

    /** The body read into memory through the digest, verified, then stored under its final key in one PUT. */
    private RawFileStored downloadInMemory(FetchRequested request, URI url, String key,
            HttpResponse<InputStream> response, long length) {
        String fileId = request.fileId();
        byte[] bytes;
        Verifying body;
        try (ResumingBody resuming = new ResumingBody(http, url, fileId, response.body(), length, settings,
                policy.maxAttempts(), rate, listener, timer)) {
            body = new Verifying(resuming, settings.maxFileBytes(), fileId);
            // one byte more than announced, so that a body longer than its Content-Length is seen
            bytes = body.readNBytes((int) length + 1);
        } catch (IOException e) {
            throw new FetcherException(fileId, "io", false, url + ": " + e, e);
        }
        Map<String, String> meta = verified(request, url, body, length);
        try {
            ObjectInfo stored = store.put(key, new java.io.ByteArrayInputStream(bytes), bytes.length,
                    "application/octet-stream", meta);
            if (stored.size() != bytes.length) {
                throw new FetcherException(fileId, "store", false, "stored " + stored.size() + " bytes, expected "
                        + bytes.length, null);
            }
        } catch (ObjectStoreException e) {
            throw RetryPolicy.classify(fileId, e);
        }
        return RawFileStored.of(fileId, request.kind(), store.bucket(), key, meta.get("sha256"), bytes.length,
                url.toString(), request.sdssIds());
    }

    /** Checks what went through {@code body} against the response and the request; the object's metadata. */
    private static Map<String, String> verified(FetchRequested request, URI url, Verifying body, long length) {
        String fileId = request.fileId();
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
        return meta;
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

    private void safeDelete(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.warnf("could not delete %s: %s", key, e.getMessage());
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
