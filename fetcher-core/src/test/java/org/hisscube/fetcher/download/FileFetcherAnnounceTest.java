package org.hisscube.fetcher.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The announce step runs under the same retry policy as the download: a file already stored (so no HTTP at all)
 * whose claim check, or whose store, fails for a while is tried again and announced, never refused.
 */
class FileFetcherAnnounceTest {
    static final String SHA = "ab".repeat(32);
    static final FetchRequested REQUEST = FetchRequested.of("spec-3126-54804-0211", FileKind.SPECTRUM,
            SasPaths.spectrum(3126, 54804, 211), Map.of(), "test");
    static final String KEY = "raw/" + REQUEST.sasPath();

    final List<Duration> slept = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final AlreadyStored store = new AlreadyStored();
    FileFetcher fetcher;

    FileFetcher fetcher(int maxAttempts) {
        // port 9 (discard) is never asked: the file is already stored
        FetchSettings settings = new FetchSettings(URI.create("http://127.0.0.1:9/"), 1, 100, Duration.ofSeconds(1),
                Duration.ofSeconds(1), maxAttempts, Duration.ofMillis(10), Duration.ofMillis(80), 1L << 20, "raw/");
        fetcher = new FileFetcher(settings, new RetryPolicy(maxAttempts, settings.backoffInitial(),
                settings.backoffMax(), cap -> cap, slept::add), store, new FetchListener() {
                    @Override
                    public void started(String fileId) {
                        events.add("started");
                    }

                    @Override
                    public void retried(String fileId, String causeCode) {
                        events.add("retried:" + causeCode);
                    }

                    @Override
                    public void finished(String fileId, boolean skipped, long sizeBytes, long nanos) {
                        events.add("finished:" + (skipped ? "already_stored" : "fetched"));
                    }

                    @Override
                    public void failed(String fileId, String causeCode) {
                        events.add("failed:" + causeCode);
                    }
                });
        return fetcher;
    }

    @AfterEach
    void close() {
        if (fetcher != null) {
            fetcher.close();
        }
    }

    @Test
    void shouldAnnounceAgainUntilTheClaimCheckIsAcknowledged() {
        List<RawFileStored> announced = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        RawFileStored done = fetcher(3).fetchAndAnnounce(REQUEST, stored -> {
            if (calls.incrementAndGet() <= 5) {
                throw new IllegalStateException("broker not available");
            }
            announced.add(stored);
        });
        assertThat(announced).containsExactly(done);
        assertThat(done.key()).isEqualTo(KEY);
        assertThat(done.sha256()).isEqualTo(SHA);
        assertThat(calls).hasValue(6);
        assertThat(events).containsExactly("started", "retried:announce", "retried:announce", "retried:announce",
                "retried:announce", "retried:announce", "finished:already_stored");
        assertThat(slept).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(80),
                Duration.ofMillis(80), Duration.ofMillis(80));
    }

    @Test
    void shouldHoldThroughAStoreOutageAndThenAnnounce() {
        store.failures.set(7);
        List<RawFileStored> announced = new ArrayList<>();
        fetcher(3).fetchAndAnnounce(REQUEST, announced::add);
        assertThat(announced).hasSize(1);
        assertThat(events).filteredOn(e -> e.startsWith("retried")).hasSize(7).containsOnly("retried:store");
        assertThat(events).doesNotContain("failed:store");
    }

    @Test
    void shouldGiveUpOnAStoreOutageForNowWhenNotHolding() {
        store.failures.set(7);
        assertThatThrownBy(() -> fetcher(3).fetch(REQUEST)).isInstanceOfSatisfying(FetcherException.class, e -> {
            assertThat(e.permanent()).isFalse();
            assertThat(e.causeCode()).isEqualTo("store");
        });
        assertThat(events).containsExactly("started", "retried:store", "retried:store", "failed:store");
    }

    /** A store that holds the file with its sha256 and whose stat fails the first {@code failures} times. */
    static final class AlreadyStored implements ObjectStore {
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public String bucket() {
            return "b";
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            if (failures.getAndDecrement() > 0) {
                throw new ObjectStoreException("b", key, "connection refused", null);
            }
            return key.equals(KEY) ? Optional.of(new ObjectInfo("b", key, 175_680, "etag", Map.of("sha256", SHA,
                    "source-url", "http://127.0.0.1:9/" + REQUEST.sasPath()))) : Optional.empty();
        }

        @Override
        public boolean bucketExists() {
            return true;
        }

        @Override
        public void ensureBucket() {
        }

        @Override
        public ObjectInfo put(String key, InputStream data, long size, String contentType, Map<String, String> m) {
            throw new UnsupportedOperationException("nothing is downloaded here");
        }

        @Override
        public InputStream get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectInfo copy(String sourceKey, String targetKey, Map<String, String> userMetadata) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.hisscube.contracts.store.PartUpload startUpload(String key, String contentType,
                Map<String, String> m) {
            throw new UnsupportedOperationException("nothing is downloaded here");
        }

        @Override
        public List<org.hisscube.contracts.store.PendingUpload> pendingUploads(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abortUpload(org.hisscube.contracts.store.PendingUpload upload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
