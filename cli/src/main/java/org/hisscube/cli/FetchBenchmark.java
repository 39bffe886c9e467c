package org.hisscube.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.fetcher.download.FetchListener;
import org.hisscube.fetcher.download.FetchSettings;
import org.hisscube.fetcher.download.FileFetcher;
import org.hisscube.localstack.S3Server;
import org.hisscube.localstack.SasMirror;
import org.hisscube.sdss.SdssFileName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube bench fetch}: the fetcher ({@link FileFetcher}: the body through SHA-256, verified before anything
 * is stored, then one PUT to {@code raw/<SAS path>} with its metadata) against a plain {@code curl URL | curl -T - S3} of the same files
 * into the same key layout of the same S3 server, in one run.
 *
 * <p>Everything is local and real: an s3proxy process ({@link S3Server}) and the SAS mirror HTTP server
 * ({@link SasMirror}) serving the bundled sample in DR17 layout. To make the volume meaningful, {@code --copies K}
 * serves every sample file K times under distinct, still valid SAS paths (symbolic links to the same file): copy
 * {@code k} of a frame has run {@code run + 100000·k}, copy {@code k} of a spectrum fiber {@code fiber + 1000·k}.
 * Each method/concurrency pass writes into its own bucket, so nothing is skipped as already stored.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "MB/s and files/s of the fetcher (HTTP SAS mirror → verified S3 object) next to a plain "
                + "`curl | curl --aws-sigv4 -T -` of the same files into the same S3 key layout, both against a "
                + "local SAS mirror and S3 server started for the run.")
final class FetchBenchmark implements Callable<Integer> {
    static final int MAX_COPIES = 9;

    @Option(names = "--copies", defaultValue = "3", description = "serve every sample file this many times under "
            + "distinct SAS paths (1-" + MAX_COPIES + "; default 3: 99 files, about 85 MB)")
    int copies;

    @Option(names = "--concurrency", defaultValue = "4", description = "parallel downloads of both methods "
            + "(default 4); a pass at 1 is always added")
    int concurrency;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    /** The servers started so far, last started first (stopped by {@link #cleanUp}, also from the shutdown hook). */
    private final List<AutoCloseable> servers = new ArrayList<>();

    /** One file to fetch: copy {@code copy} of {@code source}, served at {@code sasPath}. */
    record BenchFile(String fileId, FileKind kind, String sasPath, int copy, Path source, long size, String sha256) {
    }

    /** What one timed pass did. */
    record Pass(String method, int concurrency, String bucket, int files, long bytes, double seconds, long retries) {
        double mb() {
            return bytes / 1e6;
        }

        double mbPerSecond() {
            return mb() / seconds;
        }

        double filesPerSecond() {
            return files / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (copies < 1 || copies > MAX_COPIES) {
            throw new IllegalArgumentException("--copies must be 1.." + MAX_COPIES + " (the copies are told apart by "
                    + "run and fiber numbers that must stay valid SDSS file names), not " + copies);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, not " + concurrency);
        }
        requireCurl();
        Path work = Files.createTempDirectory("hisscube-bench-fetch-");
        // Ctrl-C skips the finally block: the hook still stops the s3proxy process and removes the temp folder.
        Thread hook = new Thread(() -> cleanUp(work), "bench-fetch-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PrintStream out = System.out;
            out.printf(Locale.ROOT, "hisscube bench fetch: %d cop%s of the bundled sample, concurrency %d and 1, "
                    + "%d cores%n", copies, copies == 1 ? "y" : "ies", concurrency,
                    Runtime.getRuntime().availableProcessors());
            out.println("[1/5] laying out the sample in DR17 SAS layout and starting the SAS mirror and S3 server");
            List<BenchFile> files = layOut(RepoLayout.root().resolve("data/sdss-sample"), work.resolve("sas"), copies);
            SasMirror mirror = started(SasMirror.start(work.resolve("sas")));
            S3Server s3 = started(S3Server.start(work.resolve("s3")));
            long bytes = files.stream().mapToLong(BenchFile::size).sum();
            out.printf(Locale.ROOT, "      %d files (%d frames, %d spectra), %.1f MB; SAS mirror %s, S3 %s%n",
                    files.size(), files.stream().filter(f -> f.kind() == FileKind.FRAME).count(),
                    files.stream().filter(f -> f.kind() == FileKind.SPECTRUM).count(), bytes / 1e6,
                    mirror.baseUrl(), s3.endpoint());
            return run(files, mirror, s3, work, out);
        } finally {
            cleanUp(work);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and finds nothing left to do)
            }
        }
    }

    private synchronized <T extends AutoCloseable> T started(T server) {
        servers.add(0, server);
        return server;
    }

    /** Stops the servers (last started first) and deletes the temp folder; safe to call twice. */
    private synchronized void cleanUp(Path work) {
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("hisscube bench fetch: stopping " + server + ": " + e.getMessage());
            }
        }
        servers.clear();
        try {
            Folders.deleteRecursively(work);
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("hisscube bench fetch: cannot delete " + work + ": " + e.getMessage());
        }
    }

    private int run(List<BenchFile> files, SasMirror mirror, S3Server s3, Path work, PrintStream out)
            throws Exception {
        Curl curl = new Curl(s3, work);
        out.println("[2/5] checking that s3proxy takes curl's streamed (chunked, unsigned-payload) upload");
        curl.probe(files.get(0), mirror);
        out.println("      " + (curl.streamed ? "yes: curl URL | curl --aws-sigv4 ... -T - (no temp file)"
                : "no: curl -o TEMP URL && curl --aws-sigv4 ... -T TEMP (download to a temp file, then upload)"));

        out.println("[3/5] warm-up (JIT, page cache): both methods over one copy, untimed");
        List<BenchFile> warm = files.stream().filter(f -> f.copy() == 0).toList();
        long t0 = System.nanoTime();
        fetcherPass(warm, mirror, s3, concurrency, "warmup-fetcher");
        curlPass(warm, mirror, curl, concurrency, "warmup-curl");
        out.printf(Locale.ROOT, "      %d files each, %.1f s%n", warm.size(), (System.nanoTime() - t0) / 1e9);

        out.println("[4/5] timed passes, each into its own bucket under raw/<SAS path>");
        List<Pass> passes = new ArrayList<>();
        List<Integer> levels = concurrency == 1 ? List.of(1) : List.of(concurrency, 1);
        for (int c : levels) {
            passes.add(progress(out, fetcherPass(files, mirror, s3, c, "fetcher-c" + c)));
            passes.add(progress(out, curlPass(files, mirror, curl, c, "curl-c" + c)));
        }

        out.println("[5/5] verifying every stored object (size, sha256 of the bytes read back) against its source");
        List<String> problems = new ArrayList<>();
        t0 = System.nanoTime();
        for (Pass p : passes) {
            problems.addAll(verify(files, s3, p));
        }
        boolean verified = problems.isEmpty();
        int checked = files.size() * passes.size();
        out.printf(Locale.ROOT, "      %d objects read back, %.1f s%n", checked, (System.nanoTime() - t0) / 1e9);

        Pass fetcherC = passes.get(0);
        Pass curlC = passes.get(1);
        out.println();
        out.println("  method                                  parallel  files       MB        s     MB/s  files/s");
        for (Pass p : passes) {
            out.printf(Locale.ROOT, "  %-40s %4d  %5d  %7.1f  %7.2f  %7.1f  %7.1f%n", label(p.method(), curl),
                    p.concurrency(), p.files(), p.mb(), p.seconds(), p.mbPerSecond(), p.filesPerSecond());
        }
        out.printf(Locale.ROOT, "  fetcher / curl at %d parallel: %.2f× the throughput; fetcher retries: %d%n",
                concurrency, fetcherC.mbPerSecond() / curlC.mbPerSecond(),
                passes.stream().filter(p -> p.method().equals("fetcher")).mapToLong(Pass::retries).sum());
        if (verified) {
            out.printf(Locale.ROOT, "  verified: all %d objects (%d files × %d passes) hold the source's size and "
                    + "sha256 under raw/<SAS path>; no staging objects left%n", checked, files.size(), passes.size());
        } else {
            out.printf(Locale.ROOT, "  VERIFICATION FAILED: %d problem(s)%n", problems.size());
            problems.stream().limit(20).forEach(p -> out.println("    " + p));
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("copies", copies);
        figures.put("files", files.size());
        figures.put("bytes", files.stream().mapToLong(BenchFile::size).sum());
        figures.put("mb", fetcherC.mb());
        figures.put("concurrency", concurrency);
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("curl_upload", curl.streamed ? "streamed" : "temp_file");
        figures.put("fetcher_mb_per_s", fetcherC.mbPerSecond());
        figures.put("fetcher_files_per_s", fetcherC.filesPerSecond());
        figures.put("curl_mb_per_s", curlC.mbPerSecond());
        figures.put("curl_files_per_s", curlC.filesPerSecond());
        figures.put("fetcher_vs_curl", fetcherC.mbPerSecond() / curlC.mbPerSecond());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Pass p : passes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("method", p.method());
            r.put("concurrency", p.concurrency());
            r.put("bucket", p.bucket());
            r.put("files", p.files());
            r.put("mb", p.mb());
            r.put("seconds", p.seconds());
            r.put("mb_per_s", p.mbPerSecond());
            r.put("files_per_s", p.filesPerSecond());
            r.put("retries", p.retries());
            runs.add(r);
        }
        figures.put("runs", runs);
        figures.put("verified", verified);
        figures.put("objects_verified", checked);
        figures.put("verification_problems", problems);
        if (json != null) {
            Files.writeString(json, JsonOut.format(figures));
            out.println("  figures written to " + json);
        }
        if (!verified) {
            throw new IllegalStateException("fetch benchmark verification failed: " + problems.size()
                    + " stored object(s) differ from their source, first: " + problems.get(0));
        }
        return 0;
    }

    private static String label(String method, Curl curl) {
        return method.equals("fetcher") ? "fetcher (sha256, verify, one PUT)"
                : curl.streamed ? "curl URL | curl --aws-sigv4 -T -" : "curl -o TEMP, curl --aws-sigv4 -T TEMP";
    }

    private static Pass progress(PrintStream out, Pass p) {
        out.printf(Locale.ROOT, "      %-7s × %d → bucket %-10s %d files, %.1f MB in %.2f s: %.1f MB/s, %.1f files/s%n",
                p.method(), p.concurrency(), p.bucket(), p.files(), p.mb(), p.seconds(), p.mbPerSecond(),
                p.filesPerSecond());
        return p;
    }

    // ---------------------------------------------------------------- the two methods

    private static Pass fetcherPass(List<BenchFile> files, SasMirror mirror, S3Server s3, int parallel,
            String bucket) throws Exception {
        AtomicLong retries = new AtomicLong();
        FetchListener listener = new FetchListener() {
            @Override
            public void retried(String fileId, String causeCode) {
                retries.incrementAndGet();
            }
        };
        // Local servers: no politeness limit, a few quick retries (none are expected; they are counted).
        FetchSettings settings = new FetchSettings(URI.create(mirror.baseUrl()), parallel, 1000.0,
                Duration.ofSeconds(10), Duration.ofSeconds(60), 3, Duration.ofMillis(200), Duration.ofSeconds(2),
                256L << 20, "raw/");
        try (S3ObjectStore store = new S3ObjectStore(s3.configFor(bucket));
                FileFetcher fetcher = new FileFetcher(settings, store, listener)) {
            store.ensureBucket();
            Map<String, BenchFile> byId = new HashMap<>();
            files.forEach(f -> byId.put(f.fileId(), f));
            long[] bytes = new long[1];
            double seconds = timed(files, parallel, f -> {
                RawFileStored stored = fetcher.fetch(FetchRequested.of(f.fileId(), f.kind(), f.sasPath(), Map.of(),
                        "hisscube bench fetch"));
                if (!stored.sha256().equals(f.sha256())) {
                    throw new IllegalStateException(f.fileId() + ": the fetcher reports sha256 " + stored.sha256()
                            + ", the source has " + f.sha256());
                }
                synchronized (bytes) {
                    bytes[0] += stored.sizeBytes();
                }
            });
            return new Pass("fetcher", parallel, bucket, files.size(), bytes[0], seconds, retries.get());
        }
    }

    private static Pass curlPass(List<BenchFile> files, SasMirror mirror, Curl curl, int parallel, String bucket)
            throws Exception {
        try (S3ObjectStore store = new S3ObjectStore(curl.s3.configFor(bucket))) {
            store.ensureBucket();
        }
        double seconds = timed(files, parallel, f -> curl.copy(mirror.baseUrl() + f.sasPath(), bucket,
                "raw/" + f.sasPath()));
        return new Pass("curl", parallel, bucket, files.size(), files.stream().mapToLong(BenchFile::size).sum(),
                seconds, 0);
    }

    interface Job {
        void run(BenchFile f) throws Exception;
    }

    /** Seconds of wall clock to run {@code job} on every file with {@code parallel} threads; any failure fails. */
    private static double timed(List<BenchFile> files, int parallel, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "bench-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (BenchFile f : files) {
                futures.add(pool.submit(() -> {
                    job.run(f);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get(10, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Plain curl: one process downloads, a second uploads what it reads from the pipe, signed with AWS SigV4. */
    static final class Curl {
        final S3Server s3;
        private final Path config;
        private final Path errors;
        private final Path temp;
        boolean streamed = true;

        Curl(S3Server s3, Path work) throws IOException {
            this.s3 = s3;
            this.errors = work.resolve("curl-errors.log");
            this.temp = Files.createDirectories(work.resolve("curl-tmp"));
            // The credentials go in a config file only we can read, not on the process list. curl 7.88's
            // --aws-sigv4 signs the hash of an empty body for an upload unless told otherwise, which s3proxy
            // rightly refuses (XAmzContentSHA256Mismatch): the payload is declared unsigned, as S3 allows.
            this.config = work.resolve("curl.cfg");
            Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(config, String.join("\n",
                    "user = \"" + s3.accessKey() + ":" + s3.secretKey() + "\"",
                    "aws-sigv4 = \"aws:amz:us-east-1:s3\"",
                    "header = \"x-amz-content-sha256: UNSIGNED-PAYLOAD\"", ""), StandardCharsets.UTF_8);
        }

        /** Tries the streamed upload once (and checks the bytes); falls back to a temp file if it is refused. */
        void probe(BenchFile f, SasMirror mirror) throws Exception {
            String bucket = "probe-curl";
            try (S3ObjectStore store = new S3ObjectStore(s3.configFor(bucket))) {
                store.ensureBucket();
                String key = "raw/" + f.sasPath();
                try {
                    copy(mirror.baseUrl() + f.sasPath(), bucket, key);
                    Optional<ObjectInfo> info = store.stat(key);
                    streamed = info.isPresent() && info.get().size() == f.size() && f.sha256().equals(sha256(store, key));
                } catch (IllegalStateException e) {
                    streamed = false;
                }
                if (!streamed) {
                    copy(mirror.baseUrl() + f.sasPath(), bucket, key); // now through a temp file; must work
                }
            }
        }

        void copy(String url, String bucket, String key) throws Exception {
            String target = s3.endpoint() + "/" + bucket + "/" + key;
            if (streamed) {
                List<Process> pipe = ProcessBuilder.startPipeline(List.of(
                        new ProcessBuilder("curl", "-sS", "-f", url)
                                .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile())),
                        new ProcessBuilder("curl", "-sS", "-f", "-K", config.toString(), "-T", "-", target)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))));
                pipe.get(0).getOutputStream().close();
                int down = await(pipe.get(0));
                int up = await(pipe.get(1));
                if (down != 0 || up != 0) {
                    throw new IllegalStateException("curl " + url + " | curl -T - " + target + " failed (exit "
                            + down + " | " + up + "): " + tail(errors));
                }
            } else {
                Path file = Files.createTempFile(temp, "curl-", ".tmp");
                try {
                    int down = await(new ProcessBuilder("curl", "-sS", "-f", "-o", file.toString(), url)
                            .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile())).start());
                    int up = down != 0 ? -1 : await(new ProcessBuilder("curl", "-sS", "-f", "-K", config.toString(),
                            "-T", file.toString(), target).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile())).start());
                    if (down != 0 || up != 0) {
                        throw new IllegalStateException("curl -o TEMP " + url + " && curl -T TEMP " + target
                                + " failed (exit " + down + ", " + up + "): " + tail(errors));
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }

        private static int await(Process p) throws InterruptedException {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                return lines.isEmpty() ? "(no message)" : String.join("; ",
                        lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            } catch (IOException e) {
                return "(" + e.getMessage() + ")";
            }
        }
    }

    private static void requireCurl() {
        try {
            Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the fetch benchmark compares against curl, which is not installed "
                + "(or not on the PATH)");
    }

    // ---------------------------------------------------------------- layout and verification

    /**
     * Links every frame and spec-lite file of the sample {@code copies} times into {@code sasRoot} at SAS paths
     * ({@link SasPaths#forFileName}); copy 0 is the file itself, copy k shifts the run (frames) or fiber (spectra).
     */
    static List<BenchFile> layOut(Path sample, Path sasRoot, int copies) throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(sample)) {
            sources = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<BenchFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path source : sources) {
            String name = source.getFileName().toString();
            SdssFileName sdss = SdssFileName.tryParse(name).orElse(null);
            if (sdss == null || SasPaths.forFileName(name) == null
                    || (sdss.isFrame() && sdss.compression() != SdssFileName.Compression.BZIP2)) {
                continue; // not an SDSS frame as the SAS serves it (.fits.bz2) or a spec-lite file
            }
            long size = Files.size(source);
            String sha = sha256(source);
            for (int k = 0; k < copies; k++) {
                String copyName = copyName(name, k);
                String sas = SasPaths.forFileName(copyName);
                if (sas == null || !seen.add(sas)) {
                    throw new IllegalStateException("copy " + k + " of " + name + " has no distinct SAS path ("
                            + copyName + ")");
                }
                Path link = sasRoot.resolve(sas);
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, source.toAbsolutePath());
                SdssFileName copy = SdssFileName.parse(copyName);
                FileKind kind = copy.isFrame() ? FileKind.FRAME : FileKind.SPECTRUM;
                String fileId = copy.baseName();
                files.add(new BenchFile(fileId, kind, sas, k, source, size, sha));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException(sample + " holds no SDSS frame or spectrum files");
        }
        return files;
    }

    /** The name of copy {@code k}: frames with run + 100000·k, spectra with fiber + 1000·k; copy 0 is the name. */
    static String copyName(String name, int k) {
        SdssFileName n = SdssFileName.tryParse(name).orElseThrow(
                () -> new IllegalArgumentException("not a frame or spec-lite file name: " + name));
        if (n.isFrame()) {
            int run = n.run() + 100_000 * k;
            if (run > 999_999) {
                throw new IllegalStateException("run of copy " + k + " of " + name + " does not fit six digits");
            }
            return SdssFileName.frame(n.filter(), run, n.camcol(), n.field(), SdssFileName.Compression.BZIP2)
                    .fileName();
        }
        int fiber = n.fiber() + 1000 * k;
        if (fiber > 9999) {
            throw new IllegalStateException("fiber of copy " + k + " of " + name + " does not fit four digits");
        }
        return SdssFileName.spectrum(n.plate(), n.mjd(), fiber).fileName();
    }

    /** Every file is in the pass's bucket under raw/<SAS path> with its source's size and bytes; nothing else is. */
    private static List<String> verify(List<BenchFile> files, S3Server s3, Pass pass) throws Exception {
        List<String> problems = new ArrayList<>();
        try (S3ObjectStore store = new S3ObjectStore(s3.configFor(pass.bucket()))) {
            Set<String> expected = new HashSet<>();
            for (BenchFile f : files) {
                String key = "raw/" + f.sasPath();
                expected.add(key);
                Optional<ObjectInfo> info = store.stat(key);
                if (info.isEmpty()) {
                    problems.add(pass.bucket() + "/" + key + ": missing");
                    continue;
                }
                if (info.get().size() != f.size()) {
                    problems.add(pass.bucket() + "/" + key + ": " + info.get().size() + " bytes, source " + f.size());
                }
                String sha = sha256(store, key);
                if (!sha.equals(f.sha256())) {
                    problems.add(pass.bucket() + "/" + key + ": sha256 " + sha + ", source " + f.sha256());
                }
                String meta = info.get().userMetadata().get("sha256");
                if (pass.method().equals("fetcher") && !f.sha256().equals(meta)) {
                    problems.add(pass.bucket() + "/" + key + ": sha256 metadata " + meta + ", source " + f.sha256());
                }
            }
            for (String key : store.list("")) {
                if (!expected.contains(key)) {
                    problems.add(pass.bucket() + "/" + key + ": unexpected object");
                }
            }
        }
        return problems;
    }

    private static String sha256(S3ObjectStore store, String key) throws Exception {
        try (InputStream in = store.get(key)) {
            return digest(in);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in);
        }
    }

    private static String digest(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, md)) {
                d.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
