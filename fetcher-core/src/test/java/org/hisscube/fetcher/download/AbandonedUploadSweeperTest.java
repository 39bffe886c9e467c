package org.hisscube.fetcher.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.hisscube.contracts.store.PartUpload;
import org.hisscube.testsupport.InMemoryObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher-service's periodic sweep of uploads a killed fetcher left open: not only at start (that is
 * {@code FetcherRestartIT} on the real S3 server) but on every later sweep, for uploads old enough, through store
 * outages.
 */
class AbandonedUploadSweeperTest {
    final InMemoryObjectStore store = new InMemoryObjectStore("cube");
    final FileFetcher fetcher = new FileFetcher(new FetchSettings(URI.create("http://127.0.0.1:9/"), 1, 100,
            Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofMillis(10), Duration.ofMillis(80), 1L << 20,
            "raw/"), store, FetchListener.NONE);
    AbandonedUploadSweeper sweeper;

    @AfterEach
    void stop() {
        if (sweeper != null) {
            sweeper.close();
        }
        fetcher.close();
    }

    /** An upload started and never completed or aborted: what a killed process leaves. */
    PartUpload abandon(String key) {
        PartUpload u = store.startUpload(key, "application/octet-stream", Map.of());
        u.part(new byte[] {1, 2, 3}, 3);
        return u;
    }

    @Test
    void shouldAbortAnUploadAbandonedAfterTheStartOnALaterSweep() throws Exception {
        sweeper = new AbandonedUploadSweeper(fetcher, Duration.ofMillis(200), Duration.ofMillis(100)).start();
        await(() -> sweeper.sweeps() >= 1);
        int sweepsBefore = sweeper.sweeps();

        abandon("raw/imaging/frame-r-002820-3-0122.fits.bz2");
        assertThat(store.pendingUploads("raw/")).hasSize(1);

        await(() -> store.pendingUploads("raw/").isEmpty());
        assertThat(sweeper.sweeps()).isGreaterThan(sweepsBefore);
        assertThat(sweeper.aborted()).isEqualTo(1);
        assertThat(store.stat("raw/imaging/frame-r-002820-3-0122.fits.bz2")).isEmpty();
    }

    @Test
    void shouldLeaveUploadsYoungerThanTheAgeAndOutsideTheRawPrefixAlone() throws Exception {
        abandon("raw/spectra/spec-3126-54804-0211.fits");
        abandon("cube/segments/image/frame-r-002820-3-0122.h5");
        sweeper = new AbandonedUploadSweeper(fetcher, Duration.ofHours(1), Duration.ofMillis(20)).start();
        await(() -> sweeper.sweeps() >= 5);

        assertThat(sweeper.aborted()).isZero();
        assertThat(store.pendingUploads("")).hasSize(2);
    }

    @Test
    void shouldKeepSweepingThroughAStoreOutage() throws Exception {
        abandon("raw/spectra/spec-3126-54804-0211.fits");
        AtomicInteger outages = new AtomicInteger(3);
        store.faults((op, key) -> op == InMemoryObjectStore.Op.LIST && onSweeper() && outages.getAndDecrement() > 0
                ? store.outage(key) : null);

        sweeper = new AbandonedUploadSweeper(fetcher, Duration.ZERO, Duration.ofMillis(50)).start();
        await(() -> store.pendingUploads("raw/").isEmpty());

        assertThat(sweeper.failedSweeps()).isEqualTo(3);
        assertThat(sweeper.aborted()).isEqualTo(1);
    }

    /** The outage is the sweeper's only: the test's own look at the store gets through. */
    private static boolean onSweeper() {
        return Thread.currentThread().getName().equals("abandoned-upload-sweep");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
