package org.hisscube.fetcher.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.localstack.Fault;
import org.hisscube.localstack.LocalStack;
import org.hisscube.localstack.SasLayout;
import org.hisscube.localstack.SasMirror;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher against a real HTTP server (the SAS mirror serving the real sample files, with injected faults) and
 * a real S3 server: every file ends stored exactly once with the source's bytes, or refused with its cause. Each
 * test has its own bucket; the mirror's request log and a recording listener show that the fault really hit (a
 * retry was counted, a Range request was made), so a test cannot pass by the fault missing its moment.
 */
@ExtendWith(LocalStackExtension.class)
class FileFetcherIT {
    static final String SPECTRUM = "spec-3126-54804-0211.fits";
    static final String FRAME = "frame-r-002820-3-0122.fits.bz2";

    @TempDir
    static Path sas;
    static SasMirror mirror;
    static Path sample;

    S3ObjectStore store;
    FileFetcher fetcher;
    Recording seen;

    @BeforeAll
    static void serveTheSample() {
        sample = Path.of(System.getProperty("hisscube.repo.root", "..")).resolve("data/sdss-sample");
        SasLayout.mirror(sample, sas);
        mirror = SasMirror.start(sas);
    }

    @AfterAll
    static void stopMirror() {
        mirror.close();
    }

    @BeforeEach
    void freshBucketAndFetcher(StackConfig stack) {
        ObjectStoreConfig base = stack.objectStore();
        String bucket = "fetch-" + Long.toHexString(System.nanoTime());
        store = new S3ObjectStore(new ObjectStoreConfig(base.endpoint(), base.accessKey(), base.secretKey(), bucket,
                base.region()));
        store.ensureBucket();
        mirror.setFaults((p, n, r) -> Fault.NONE);
        seen = new Recording();
        fetcher = new FileFetcher(settings(Duration.ofSeconds(2)), store, seen);
    }

    /** What the fetcher reported: retries by cause, and the byte positions it resumed from. */
    static final class Recording implements FetchListener {
        final Map<String, AtomicInteger> retries = new ConcurrentHashMap<>();
        final List<Long> resumedAt = new CopyOnWriteArrayList<>();

        @Override
        public void retried(String fileId, String causeCode) {
            retries.computeIfAbsent(causeCode, c -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void resumed(String fileId, long fromByte) {
            resumedAt.add(fromByte);
        }

        int retries(String cause) {
            AtomicInteger n = retries.get(cause);
            return n == null ? 0 : n.get();
        }
    }

    /** The Range header's first byte of a logged request ({@code bytes=<n>-}), or -1 when it had none. */
    static long rangeStart(SasMirror.Request r) {
        return r.range() == null ? -1 : Long.parseLong(r.range().replaceFirst("^bytes=(\\d+)-$", "$1"));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterEach
    void close() {
        fetcher.close();
        store.close();
    }

    static FetchSettings settings(Duration readTimeout) {
        return new FetchSettings(URI.create(mirror.baseUrl()), 4, 200, Duration.ofSeconds(2), readTimeout, 4,
                Duration.ofMillis(20), Duration.ofMillis(200), 64L << 20, "raw/");
    }

    static FetchRequested request(String fileName) {
        String id = fileName.replaceFirst("\\.fits(\\.bz2)?$", "");
        return FetchRequested.of(id, fileName.startsWith("frame") ? FileKind.FRAME : FileKind.SPECTRUM,
                SasPaths.forFileName(fileName), Map.of(), "test");
    }

    static Path source(String fileName) {
        return sample.resolve(fileName.startsWith("frame") ? "frames" : "spectra").resolve(fileName);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void assertStoredExactly(RawFileStored event, String fileName) throws Exception {
        byte[] original = Files.readAllBytes(source(fileName));
        assertThat(event.key()).isEqualTo("raw/" + SasPaths.forFileName(fileName));
        assertThat(event.sha256()).isEqualTo(sha256(original));
        assertThat(event.sizeBytes()).isEqualTo(original.length);
        assertThat(sha256(store.getBytes(event.key()))).isEqualTo(sha256(original));
        assertThat(store.stat(event.key()).orElseThrow().userMetadata()).containsEntry("sha256", event.sha256())
                .containsEntry("source-url", mirror.baseUrl() + SasPaths.forFileName(fileName));
        assertThat(store.pendingUploads("")).as("uploads left open").isEmpty();
    }

    /**
     * A bzip2 frame of 10 MB under its own SAS path (three real frames' streams concatenated: a valid multi-stream
     * bzip2 file), so that a streamed fetch sends more than one part.
     */
    private static FetchRequested largeFrame() throws Exception {
        String sasPath = SasPaths.frame('r', 2820, 3, 999);
        Path target = sas.resolve(sasPath);
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            try (var out = Files.newOutputStream(target)) {
                for (String band : List.of("g", "i", "r")) {
                    Files.copy(source("frame-" + band + "-002820-3-0122.fits.bz2"), out);
                }
            }
        }
        return FetchRequested.of("frame-r-002820-3-0999", FileKind.FRAME, sasPath, Map.of(), "test");
    }

    @Test
    void shouldStoreTheSourceBytesUnderTheSasPathAndSaySoInTheClaimCheck() throws Exception {
        RawFileStored spectrum = fetcher.fetch(request(SPECTRUM));
        RawFileStored frame = fetcher.fetch(request(FRAME));
        assertStoredExactly(spectrum, SPECTRUM);
        assertStoredExactly(frame, FRAME);
        assertThat(frame.kind()).isEqualTo(FileKind.FRAME);
        assertThat(frame.bucket()).isEqualTo(store.bucket());
    }

    @Test
    void shouldNotDownloadAgainWhatIsAlreadyStored() throws Exception {
        RawFileStored first = fetcher.fetch(request(SPECTRUM));
        RawFileStored again = fetcher.fetch(request(SPECTRUM));
        assertThat(again.sha256()).isEqualTo(first.sha256());
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(mirror.requestCount(SasPaths.forFileName(SPECTRUM))).isEqualTo(1);
    }

    @Test
    void shouldRetryServerErrorsWithBackoff() throws Exception {
        mirror.setFaults((p, n, r) -> n < 2 ? new Fault.Status(n == 0 ? 500 : 503) : Fault.NONE);
        assertStoredExactly(fetcher.fetch(request(SPECTRUM)), SPECTRUM);
        assertThat(mirror.requestCount(SasPaths.forFileName(SPECTRUM))).isEqualTo(3);
        assertThat(seen.retries).containsOnlyKeys("http_500", "http_503");
        assertThat(seen.retries("http_500") + seen.retries("http_503")).isEqualTo(2);
    }

    @Test
    void shouldResumeABrokenTransferWithARangeRequest() throws Exception {
        mirror.setFaults((p, n, range) -> n == 0 ? new Fault.DropAfter(1_000_000) : Fault.NONE);
        assertStoredExactly(fetcher.fetch(request(FRAME)), FRAME);
        assertResumedOnceWithARangeWithin(SasPaths.forFileName(FRAME), 1_000_000);
        assertThat(seen.retries).as("a resume is not a retry").isEmpty();
    }

    @Test
    void shouldResumeAStalledTransferAfterTheReadTimeoutWithARangeRequest() throws Exception {
        fetcher.close();
        fetcher = new FileFetcher(settings(Duration.ofMillis(800)), store, seen);
        mirror.setFaults((p, n, range) -> n == 0 ? new Fault.StallAfter(60_000, 4_000) : Fault.NONE);
        assertStoredExactly(fetcher.fetch(request(SPECTRUM)), SPECTRUM);
        assertResumedOnceWithARangeWithin(SasPaths.forFileName(SPECTRUM), 60_000);
    }

    /**
     * Two requests: the whole file, then one Range request from a byte after 0 and no later than where the fault
     * cut the body; the fetcher says it resumed from that very byte.
     */
    private void assertResumedOnceWithARangeWithin(String sasPath, long cutAt) {
        List<SasMirror.Request> asked = mirror.requests(sasPath);
        assertThat(asked).extracting(SasMirror.Request::method).containsExactly("GET", "GET");
        assertThat(asked.get(0).range()).as("first request").isNull();
        assertThat(asked.get(1).range()).as("second request").matches("bytes=\\d+-");
        long from = rangeStart(asked.get(1));
        assertThat(from).isPositive().isLessThanOrEqualTo(cutAt);
        assertThat(seen.resumedAt).containsExactly(from);
    }

    @Test
    void shouldTolerateASlowServer() throws Exception {
        mirror.setFaults((p, n, range) -> new Fault.Slow(400_000));
        assertStoredExactly(fetcher.fetch(request(SPECTRUM)), SPECTRUM);
    }

    @Test
    void shouldGiveUpOnARepeatedChecksumMismatchAndStoreNothing() throws Exception {
        mirror.setFaults((p, n, range) -> new Fault.WrongBody());
        FetchRequested wanted = request(SPECTRUM);
        String sha = sha256(Files.readAllBytes(source(SPECTRUM)));
        FetchRequested withSha = new FetchRequested(wanted.eventId(), 1, wanted.occurredAt(), wanted.fileId(),
                wanted.kind(), wanted.sasPath(), wanted.sdssIds(), null, sha, "test");
        assertThatThrownBy(() -> fetcher.fetch(withSha)).isInstanceOfSatisfying(FetcherException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.causeCode()).isEqualTo("checksum_mismatch");
            assertThat(e.getMessage()).contains("gave up after 4 attempts").contains(sha);
        });
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void shouldStreamALargeBodyIntoAMultipartUploadOfItsFinalKeyCompletedOnlyOnceVerified() throws Exception {
        fetcher.inMemoryMax(0); // every body streams
        FetchRequested large = largeFrame();
        byte[] original = Files.readAllBytes(sas.resolve(large.sasPath()));
        assertThat(original.length).as("more than one part").isGreaterThan(FileFetcher.PART_BYTES);

        RawFileStored stored = fetcher.fetch(large);
        RawFileStored spectrum = fetcher.fetch(request(SPECTRUM));

        assertThat(stored.sha256()).isEqualTo(sha256(original));
        assertThat(sha256(store.getBytes(stored.key()))).isEqualTo(sha256(original));
        assertThat(store.stat(stored.key()).orElseThrow().userMetadata()).containsEntry("sha256", stored.sha256());
        assertStoredExactly(spectrum, SPECTRUM);
        assertThat(store.list("")).containsExactlyInAnyOrder(stored.key(), spectrum.key());
        assertThat(store.pendingUploads("")).isEmpty();
        // the recorded checksum makes a replay find it instead of downloading again
        fetcher.fetch(large);
        assertThat(mirror.requestCount(large.sasPath())).isEqualTo(1);
    }

    @Test
    void shouldAbortTheStreamedUploadOfABodyThatFailsVerificationSoThatNothingIsVisible() throws Exception {
        fetcher.inMemoryMax(0);
        mirror.setFaults((p, n, range) -> new Fault.WrongBody());
        FetchRequested wanted = largeFrame();
        String sha = sha256(Files.readAllBytes(sas.resolve(wanted.sasPath())));
        FetchRequested withSha = new FetchRequested(wanted.eventId(), 1, wanted.occurredAt(), wanted.fileId(),
                wanted.kind(), wanted.sasPath(), wanted.sdssIds(), null, sha, "test");
        assertThatThrownBy(() -> fetcher.fetch(withSha)).isInstanceOfSatisfying(FetcherException.class,
                e -> assertThat(e.causeCode()).isEqualTo("checksum_mismatch"));
        assertThat(mirror.requestCount(wanted.sasPath())).as("attempts, each streamed into an upload").isEqualTo(4);
        assertThat(store.stat("raw/" + wanted.sasPath())).isEmpty();
        assertThat(store.list("")).isEmpty();
        assertThat(store.pendingUploads("")).as("every upload aborted").isEmpty();
    }

    @Test
    void anUploadThatAKilledFetcherLeftOpenIsInvisibleAndAbortedOnTheNextStart() throws Exception {
        String key = "raw/" + SasPaths.forFileName(FRAME);
        // what a process killed in the middle of a streamed fetch leaves: an upload with a part, never completed
        var left = store.startUpload(key, "application/octet-stream", Map.of("file-id", "killed"));
        byte[] part = Files.readAllBytes(source(FRAME));
        left.part(part, part.length);

        assertThat(store.stat(key)).as("an open upload is not an object").isEmpty();
        assertThat(store.list("")).isEmpty();
        assertThat(store.pendingUploads("raw/")).extracting(u -> u.key()).containsExactly(key);
        assertThat(fetcher.abortAbandonedUploads(Duration.ofHours(1))).as("too young to be abandoned").isZero();

        assertThat(fetcher.abortAbandonedUploads(Duration.ZERO)).isEqualTo(1);
        assertThat(store.pendingUploads("")).isEmpty();
        assertThat(store.list("")).isEmpty();
        assertStoredExactly(fetcher.fetch(request(FRAME)), FRAME);
    }

    @Test
    void shouldRefuseMissingFilesAtOnce() {
        FetchRequested missing = FetchRequested.of("spec-9999-59999-0001", FileKind.SPECTRUM,
                SasPaths.spectrum(9999, 59999, 1), Map.of(), "test");
        assertThatThrownBy(() -> fetcher.fetch(missing)).isInstanceOfSatisfying(FetcherException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.causeCode()).isEqualTo("http_404");
        });
        assertThat(mirror.requestCount(SasPaths.spectrum(9999, 59999, 1))).isEqualTo(1);
    }

    @Test
    void shouldRefuseAFileThatIsNotFits() throws Exception {
        Path fake = sas.resolve("sdss/spectro/redux/26/spectra/lite/0500/spec-0500-51990-0001.fits");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "<html>Service temporarily unavailable</html>");
        FetchRequested html = FetchRequested.of("spec-0500-51990-0001", FileKind.SPECTRUM,
                SasPaths.spectrum(500, 51990, 1), Map.of(), "test");
        assertThatThrownBy(() -> fetcher.fetch(html)).isInstanceOfSatisfying(FetcherException.class, e -> {
            assertThat(e.causeCode()).isEqualTo("not_fits");
            assertThat(e.getMessage()).contains("is not a FITS file").contains("<html>");
        });
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void shouldNeverFetchOutsideTheConfiguredBaseUrl() {
        long before = mirror.requestCount();
        for (String path : new String[] {"../../etc/passwd", "http://evil.example/x.fits", "/etc/passwd",
            "sdss/%2e%2e/x.fits", "sdss//x.fits", "sdss/x.fits?y=1", "//evil.example/x.fits"}) {
            FetchRequested evil = FetchRequested.of("evil", FileKind.SPECTRUM, path, Map.of(), "test");
            assertThatThrownBy(() -> fetcher.fetch(evil)).isInstanceOfSatisfying(FetcherException.class,
                    e -> assertThat(e.causeCode()).isEqualTo("forbidden_url"));
        }
        assertThat(mirror.requestCount()).isEqualTo(before);
    }

    /**
     * The S3 server is stopped once the download is under way and started again only after the fetcher has counted
     * a retry caused by the store: the outage provably hit, and the file still ends stored exactly, downloaded again.
     */
    @Test
    void shouldRideOutAnObjectStoreRestartAndCountTheRetryItCaused() throws Exception {
        LocalStack stack = SharedLocalStack.stackOrNull();
        assertThat(stack).as("the test JVM's own stack").isNotNull();
        mirror.setFaults((p, n, range) -> new Fault.Slow(1_000_000));
        fetcher.close();
        fetcher = new FileFetcher(new FetchSettings(URI.create(mirror.baseUrl()), 2, 200, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 12, Duration.ofMillis(200), Duration.ofSeconds(2), 64L << 20, "raw/"), store,
                seen);
        String path = SasPaths.forFileName(FRAME);
        CompletableFuture<RawFileStored> running = CompletableFuture.supplyAsync(() -> fetcher.fetch(request(FRAME)));
        await("the download to start", Duration.ofSeconds(30), () -> mirror.requestCount(path) >= 1);
        stack.s3().stop();
        try {
            await("a retry caused by the stopped store", Duration.ofSeconds(60), () -> seen.retries("store") > 0);
        } finally {
            stack.s3().restart();
        }
        assertStoredExactly(running.get(120, TimeUnit.SECONDS), FRAME);
        assertThat(seen.retries("store")).as("retries caused by the store outage").isPositive();
        assertThat(mirror.requestCount(path)).as("downloaded again after the outage").isGreaterThanOrEqualTo(2);
    }
}
