package org.hisscube.fetcher.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hisscube.contracts.store.ObjectStoreException;
import org.hisscube.fetcher.download.RetryPolicy.Decision;
import org.hisscube.fetcher.download.RetryPolicy.OnOutage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry policy with a recording sleeper and a chosen jitter: no test waits. */
class RetryPolicyTest {
    static final Duration INITIAL = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofMillis(1000);
    static final RetryPolicy.Jitter HIGHEST = cap -> cap;

    final List<Duration> slept = new ArrayList<>();
    final List<String> retried = new ArrayList<>();
    final FetchListener listener = new FetchListener() {
        @Override
        public void retried(String fileId, String causeCode) {
            retried.add(causeCode);
        }
    };

    RetryPolicy policy(int maxAttempts, RetryPolicy.Jitter jitter) {
        return new RetryPolicy(maxAttempts, INITIAL, MAX, jitter, slept::add);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    static FetcherException transientFailure(String cause) {
        return new FetcherException("f", cause, false, cause + " happened", null);
    }

    static FetcherException permanentFailure(String cause) {
        return new FetcherException("f", cause, true, cause + " happened", null);
    }

    /** Fails with the given failures in turn, then answers "done"; counts its calls. */
    static final class Script implements Supplier<String> {
        final List<RuntimeException> failures;
        final AtomicInteger calls = new AtomicInteger();

        Script(List<RuntimeException> failures) {
            this.failures = failures;
        }

        @Override
        public String get() {
            int n = calls.getAndIncrement();
            if (n < failures.size()) {
                throw failures.get(n);
            }
            return "done";
        }
    }

    static List<RuntimeException> times(int n, RuntimeException e) {
        List<RuntimeException> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(e);
        }
        return out;
    }

    @Test
    void shouldDoubleTheBackoffCapPerFailureUpToTheMaximum() {
        RetryPolicy p = policy(10, HIGHEST);
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(5), p.backoff(40)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(800), MAX, MAX);
    }

    @Test
    void shouldDrawTheFullJitterBetweenZeroAndTheCapInclusive() {
        List<Long> caps = new ArrayList<>();
        RetryPolicy lowest = policy(10, cap -> {
            caps.add(cap);
            return 0;
        });
        assertThat(lowest.backoff(3)).isZero();
        assertThat(caps).containsExactly(400L);
        RetryPolicy outOfRange = policy(10, cap -> cap + 1);
        assertThatThrownBy(() -> outOfRange.backoff(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRetryTransientFailuresWithBackoffAndReportEachRetry() {
        Script work = new Script(List.of(transientFailure("http_500"), transientFailure("http_503")));
        assertThat(policy(4, HIGHEST).run("f", work, OnOutage.GIVE_UP, listener)).isEqualTo("done");
        assertThat(work.calls).hasValue(3);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(retried).containsExactly("http_500", "http_503");
    }

    @Test
    void shouldRefuseAPermanentFailureAtOnceWithoutWaiting() {
        FetcherException notFound = permanentFailure("http_404");
        Script work = new Script(List.of(notFound));
        assertThatThrownBy(() -> policy(4, HIGHEST).run("f", work, OnOutage.HOLD, listener)).isSameAs(notFound);
        assertThat(work.calls).hasValue(1);
        assertThat(slept).isEmpty();
        assertThat(retried).isEmpty();
    }

    @Test
    void shouldRefuseAFileThatArrivesWrongEveryTimeForGoodEvenWhenHolding() {
        Script work = new Script(times(10, transientFailure("checksum_mismatch")));
        assertThatThrownBy(() -> policy(4, HIGHEST).run("f", work, OnOutage.HOLD, listener))
                .isInstanceOfSatisfying(FetcherException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.causeCode()).isEqualTo("checksum_mismatch");
                    assertThat(e.getMessage()).contains("gave up after 4 attempts").contains("arrived wrong 4 times");
                });
        assertThat(work.calls).hasValue(4);
        assertThat(retried).hasSize(3);
    }

    @Test
    void shouldGiveUpOnAnOutageForNowWithATransientFailure() {
        Script work = new Script(times(10, transientFailure("io")));
        assertThatThrownBy(() -> policy(3, HIGHEST).run("f", work, OnOutage.GIVE_UP, listener))
                .isInstanceOfSatisfying(FetcherException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.causeCode()).isEqualTo("io");
                    assertThat(e.getMessage()).contains("gave up after 3 attempts");
                });
        assertThat(work.calls).hasValue(3);
        assertThat(slept).hasSize(2);
    }

    @Test
    void shouldHoldThroughAnOutageOfAnyLengthAtTheMaximumPaceAndNeverRefuse() {
        List<RuntimeException> outage = new ArrayList<>(times(20, transientFailure("io")));
        outage.add(new ObjectStoreException("b", "k", "connection refused", null));
        outage.add(transientFailure("announce"));
        Script work = new Script(outage);
        assertThat(policy(3, HIGHEST).run("f", work, OnOutage.HOLD, listener)).isEqualTo("done");
        assertThat(work.calls).hasValue(23);
        assertThat(slept).hasSize(22);
        assertThat(slept.subList(0, 2)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(slept.subList(2, 22)).containsOnly(MAX);
        assertThat(retried).endsWith("io", "store", "announce");
    }

    @Test
    void shouldHoldBetweenHalfAndAllOfTheMaximum() {
        Script work = new Script(times(3, transientFailure("io")));
        policy(2, cap -> 0).run("f", work, OnOutage.HOLD, listener);
        assertThat(slept).containsExactly(Duration.ZERO, MAX.dividedBy(2), MAX.dividedBy(2));
    }

    @Test
    void shouldNotRefuseAFileForAMismatchAmongOutageFailures() {
        List<RuntimeException> failures = new ArrayList<>(times(4, transientFailure("io")));
        failures.add(transientFailure("checksum_mismatch"));
        Script work = new Script(failures);
        assertThat(policy(4, HIGHEST).run("f", work, OnOutage.HOLD, listener)).isEqualTo("done");
        assertThat(retried).containsExactly("io", "io", "io", "io", "checksum_mismatch");
    }

    @Test
    void shouldStopWhenInterruptedWhileWaitingAndKeepTheInterrupt() {
        RetryPolicy p = new RetryPolicy(3, INITIAL, MAX, HIGHEST, d -> {
            throw new InterruptedException("shutting down");
        });
        Script work = new Script(times(10, transientFailure("io")));
        assertThatThrownBy(() -> p.run("f", work, OnOutage.HOLD, listener))
                .isInstanceOfSatisfying(FetcherException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.causeCode()).isEqualTo("interrupted");
                });
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(work.calls).hasValue(1);
    }

    @Test
    void shouldClassifyStoreFailuresAndSurprisesAsTransient() {
        FetcherException inner = permanentFailure("too_large");
        assertThat(RetryPolicy.classify("f", new ObjectStoreException("b", "k", "put failed", inner))).isSameAs(inner);
        FetcherException store = RetryPolicy.classify("f", new ObjectStoreException("b", "k", "refused", null));
        assertThat(store.causeCode()).isEqualTo("store");
        assertThat(store.permanent()).isFalse();
        FetcherException surprise = RetryPolicy.classify("f", new IllegalStateException("odd"));
        assertThat(surprise.causeCode()).isEqualTo("error");
        assertThat(surprise.permanent()).isFalse();
    }

    @Test
    void shouldDecideRetryThenHoldAndCountFailures() {
        RetryPolicy.Attempts a = policy(2, HIGHEST).start("f");
        assertThat(a.failed(transientFailure("io"))).isInstanceOf(Decision.Retry.class);
        assertThat(a.failed(transientFailure("io"))).isInstanceOf(Decision.Hold.class);
        assertThat(a.failed(permanentFailure("not_fits"))).isInstanceOf(Decision.Refuse.class);
        assertThat(a.failures()).isEqualTo(3);
    }
}
