package org.hisscube.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A real HTTP server that serves a directory tree laid out like the SDSS Science Archive Server, for the fetcher's
 * tests and the local demo. GET and HEAD, single byte ranges ({@code Range: bytes=a-b}, for resumed downloads),
 * Content-Length, 404 for missing files, 403 for paths that try to leave the root. Keeps a log of the latest
 * requests (path, method, Range header) so tests can see what a client asked for.
 */
public final class SasMirror implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SasMirror.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    /** Requests kept in the log at most (the oldest are dropped): a long-running demo mirror stays small. */
    static final int LOG_LIMIT = 10_000;

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> perPath =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.ArrayDeque<Request> log = new java.util.ArrayDeque<>();
    private volatile Fault.Plan faults = (path, previous, range) -> Fault.NONE;

    /**
     * One request the mirror received for a file under its root.
     *
     * @param path   the SAS path, relative to the root
     * @param method GET or HEAD
     * @param range  the Range header as sent, or null when there was none
     */
    public record Request(String path, String method, String range) {
    }

    private SasMirror(Path root, int port) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "sas-mirror");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Serves {@code root} on a free loopback port. */
    public static SasMirror start(Path root) {
        try {
            SasMirror mirror = new SasMirror(root, 0);
            mirror.server.start();
            LOG.infof("SAS mirror serving %s at %s", mirror.root, mirror.baseUrl());
            return mirror;
        } catch (IOException e) {
            throw new LocalStackException("cannot start the SAS mirror for " + root + ": " + e.getMessage(), e);
        }
    }

    /** Base URL ending in '/', to which SAS-relative paths are appended. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public Path root() {
        return root;
    }

    /**
     * Installs a fault plan (tests): from now on each request is answered as the plan decides. Starts the per-path
     * counts and the request log afresh.
     */
    public void setFaults(Fault.Plan plan) {
        this.faults = plan;
        perPath.clear();
        synchronized (log) {
            log.clear();
        }
    }

    /** The logged requests for one SAS path, oldest first (since the last {@link #setFaults}). */
    public java.util.List<Request> requests(String sasPath) {
        String path = sasPath.replaceFirst("^/+", "");
        synchronized (log) {
            return log.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    /** Requests for one SAS path so far. */
    public int requestCount(String sasPath) {
        var n = perPath.get(sasPath.replaceFirst("^/+", ""));
        return n == null ? 0 : n.get();
    }

    /** Requests answered so far. */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().add("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Path file = resolve(ex.getRequestURI());
            if (file == null) {
                ex.sendResponseHeaders(403, -1);
                return;
            }
            String rel = root.relativize(file).toString();
            synchronized (log) {
                if (log.size() >= LOG_LIMIT) {
                    log.removeFirst();
                }
                log.addLast(new Request(rel, method, ex.getRequestHeaders().getFirst("Range")));
            }
            int previous = perPath.computeIfAbsent(rel, k -> new java.util.concurrent.atomic.AtomicInteger())
                    .getAndIncrement();
            Fault fault = faults.decide(rel, previous, ex.getRequestHeaders().getFirst("Range") != null);
            if (fault instanceof Fault.Status st) {
                ex.sendResponseHeaders(st.code(), -1);
                return;
            }
            if (!Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            long start = 0;
            long end = size - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                if (m.group(1).isEmpty()) { // suffix range: last n bytes
                    start = Math.max(0, size - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start >= size || start > end) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + size);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            long length = end - start + 1;
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            if (method.equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Length", Long.toString(length));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, length);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                    InputStream in = Channels.newInputStream(ch.position(start));
                    OutputStream out = ex.getResponseBody()) {
                send(in, out, start, length, fault);
            }
        }
    }

    private static void send(InputStream in, OutputStream out, long start, long length, Fault fault)
            throws IOException {
        byte[] buf = new byte[fault instanceof Fault.Slow ? 4096 : 64 * 1024];
        long sent = 0;
        long t0 = System.nanoTime();
        while (sent < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - sent));
            if (n < 0) {
                break;
            }
            if (fault instanceof Fault.DropAfter d && sent + n > d.bytes()) {
                out.write(buf, 0, (int) Math.max(0, d.bytes() - sent));
                out.flush();
                throw new IOException("fault: dropping the connection after " + d.bytes() + " bytes");
            }
            if (fault instanceof Fault.StallAfter st && sent + n > st.bytes()) {
                out.write(buf, 0, (int) Math.max(0, st.bytes() - sent));
                out.flush();
                sleepQuietly(st.millis());
                throw new IOException("fault: stalled after " + st.bytes() + " bytes");
            }
            if (fault instanceof Fault.WrongBody) {
                for (int i = 0; i < n; i++) {
                    if (start + sent + i >= 16) {
                        buf[i] ^= 0x5a;
                    }
                }
            }
            out.write(buf, 0, n);
            sent += n;
            if (fault instanceof Fault.Slow slow) {
                long due = (long) (sent * 1e9 / slow.bytesPerSecond());
                long ahead = due - (System.nanoTime() - t0);
                if (ahead > 0) {
                    out.flush();
                    sleepQuietly(ahead / 1_000_000);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The file a request names, or null if the path would leave the root. */
    private Path resolve(URI uri) {
        String path = uri.getPath();
        if (path == null || path.indexOf('\0') >= 0) {
            return null;
        }
        Path p = root.resolve(path.replaceFirst("^/+", "")).normalize();
        return p.startsWith(root) ? p : null;
    }
}
