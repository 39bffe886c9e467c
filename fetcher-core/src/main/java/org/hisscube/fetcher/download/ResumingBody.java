package org.hisscube.fetcher.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The body of one download as a stream that survives broken transfers: when the connection resets or stalls
 * (no byte for the read timeout), it asks again from where it stopped with {@code Range: bytes=<n>-} and goes on,
 * up to a number of resumes (the retry policy's attempts). A server that answers a range with 200 is read from the
 * start and the bytes already delivered are skipped.
 */
final class ResumingBody extends InputStream {
    private final HttpClient http;
    private final URI url;
    private final String fileId;
    private final long length;
    private final FetchSettings settings;
    private final RateLimiter rate;
    private final FetchListener listener;
    private final ScheduledFuture<?> watchdog;
    private InputStream current;
    private long position;
    private int resumesLeft;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean reading;
    private volatile boolean stalled;

    ResumingBody(HttpClient http, URI url, String fileId, InputStream first, long length, FetchSettings settings,
            int resumes, RateLimiter rate, FetchListener listener, ScheduledExecutorService timer) {
        this.http = http;
        this.url = url;
        this.fileId = fileId;
        this.current = first;
        this.length = length;
        this.settings = settings;
        this.rate = rate;
        this.listener = listener;
        this.resumesLeft = resumes;
        long timeoutNanos = settings.readTimeout().toNanos();
        this.watchdog = timer.scheduleAtFixedRate(() -> {
            // only a read that waits counts: time the consumer spends elsewhere (uploading a part) is not a stall
            if (reading && System.nanoTime() - lastProgress > timeoutNanos) {
                stalled = true;
                closeQuietly(current);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lastProgress = System.nanoTime();
        reading = true;
        try {
            return readOrResume(b, off, len);
        } finally {
            reading = false;
        }
    }

    private int readOrResume(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = current.read(b, off, len);
                if (n > 0) {
                    position += n;
                    lastProgress = System.nanoTime();
                    listener.bytes(n);
                    return n;
                }
                if (n < 0 && (length < 0 || position >= length)) {
                    return -1;
                }
                if (n < 0) {
                    throw new IOException("body ended after " + position + " of " + length + " bytes");
                }
            } catch (IOException e) {
                if (position >= length && length >= 0) {
                    return -1;
                }
                resume(stalled ? "stalled (no data for " + settings.readTimeout().toSeconds() + " s)" : e.toString());
            }
        }
    }

    private void resume(String why) throws IOException {
        closeQuietly(current);
        stalled = false;
        if (resumesLeft-- <= 0 || length < 0) {
            throw new FetcherException(fileId, why.startsWith("stalled") ? "timeout" : "io", false,
                    "transfer broken at byte " + position + " and " + (length < 0 ? "the size is unknown"
                            : "no resumes left") + ": " + why, null);
        }
        listener.resumed(fileId, position);
        try {
            rate.acquire(url.getHost());
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(settings.readTimeout())
                    .header("Range", "bytes=" + position + "-").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            lastProgress = System.nanoTime();
            if (r.statusCode() == 206) {
                String range = r.headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + position + "-")) {
                    closeQuietly(r.body());
                    throw new FetcherException(fileId, "bad_range", false, "asked for bytes " + position
                            + "-, got Content-Range '" + range + "'", null);
                }
                current = r.body();
            } else if (r.statusCode() == 200) {
                InputStream body = r.body();
                body.skipNBytes(position);
                current = body;
            } else {
                closeQuietly(r.body());
                throw new FetcherException(fileId, "http_" + r.statusCode(), false, "resume at byte " + position
                        + " answered HTTP " + r.statusCode(), null);
            }
        } catch (IOException e) {
            throw new FetcherException(fileId, e instanceof java.net.http.HttpTimeoutException ? "timeout" : "io", false,
                    "resuming at byte " + position + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        closeQuietly(current);
    }

    private static void closeQuietly(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing a broken stream
        }
    }
}
