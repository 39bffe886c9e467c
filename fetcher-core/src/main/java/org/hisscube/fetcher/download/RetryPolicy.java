package org.hisscube.fetcher.download;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.hisscube.contracts.store.ObjectStoreException;
import org.jboss.logging.Logger;

/**
 * The fetcher's one retry policy: which failures are worth trying again, how long to wait, and when to stop — for
 * the download of a file and for the announcement of its claim check alike. {@link FileFetcher} runs every attempt
 * through it; the service only chooses what an outage means to it ({@link OnOutage}).
 *
 * <ul>
 *   <li><b>Permanent</b> failures ({@link FetcherException#permanent()}: 404, not FITS, a URL outside the base, too
 *       large) are refused at once: trying again cannot help.</li>
 *   <li><b>Transient</b> failures (5xx, 408, 429, timeouts, resets, the object store unreachable, a claim check the
 *       broker did not acknowledge, anything unexpected) are tried again after a full-jitter exponential backoff:
 *       uniform in [0, min(backoffMax, backoffInitial·2<sup>n−1</sup>)] after the n-th failure.</li>
 *   <li><b>The file's own fault</b> (a checksum or size mismatch): tried again, since a transfer can garble, and
 *       refused for good once the file has arrived wrong {@code maxAttempts} times.</li>
 *   <li>After {@code maxAttempts} failures that are not the file's fault, the archive, the store or the broker is
 *       out: {@link OnOutage#GIVE_UP} ends with a transient {@link FetcherException} (the caller decides), and
 *       {@link OnOutage#HOLD} keeps trying every backoffMax (equal jitter: between half of it and all of it) until
 *       the work succeeds, is refused, or the thread is interrupted — so an outage never refuses a file.</li>
 * </ul>
 * Time is spent only through the {@link Sleeper} and chance only through the {@link Jitter}, so the policy is tested
 * without waiting.
 */
public final class RetryPolicy {
    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    /** Cause codes that say the file itself arrived wrong (rather than the way to it being down). */
    public static final Set<String> FILE_FAULTS = Set.of("checksum_mismatch", "size_mismatch");

    /** What the caller wants when the attempts are spent on an outage. */
    public enum OnOutage {
        /** Throw a transient {@link FetcherException}: for one-off callers (CLI, benchmark). */
        GIVE_UP,
        /** Keep trying every backoffMax: for a consumer whose request stays unacknowledged meanwhile. */
        HOLD
    }

    /** What to do after a failure. */
    public sealed interface Decision {
        FetcherException cause();

        /** Try again after the delay. */
        record Retry(Duration delay, FetcherException cause) implements Decision {
        }

        /** The attempts are spent on an outage: hold the work and try again after the delay (or give up for now). */
        record Hold(Duration delay, FetcherException cause) implements Decision {
        }

        /** Wrong for good: refuse (dead-letter) with this cause. */
        record Refuse(FetcherException cause) implements Decision {
        }
    }

    /** Waits (the real one sleeps the thread). */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    /** Picks a delay in milliseconds, uniformly in [0, cap] (cap inclusive). */
    @FunctionalInterface
    public interface Jitter {
        Jitter FULL = cap -> ThreadLocalRandom.current().nextLong(cap + 1);

        long pick(long capMillis);
    }

    private final int maxAttempts;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final Jitter jitter;
    private final Sleeper sleeper;

    public RetryPolicy(int maxAttempts, Duration backoffInitial, Duration backoffMax, Jitter jitter, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
        }
        if (backoffInitial.isNegative() || backoffMax.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("need 0 <= backoffInitial <= backoffMax, got " + backoffInitial + " and "
                    + backoffMax);
        }
        this.maxAttempts = maxAttempts;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The policy of the settings' attempts and backoff, with real sleeping and random jitter. */
    public static RetryPolicy of(FetchSettings settings) {
        return new RetryPolicy(settings.maxAttempts(), settings.backoffInitial(), settings.backoffMax(), Jitter.FULL,
                Sleeper.REAL);
    }

    /** Attempts before giving up on an outage; also how often a file may arrive wrong, and resumes per transfer. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    /** The delay after the n-th failure (n ≥ 1): full jitter, uniform in [0, min(max, initial·2^(n−1))]. */
    public Duration backoff(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures start at 1: " + failures);
        }
        long cap = Math.min(backoffMax.toMillis(), backoffInitial.toMillis() << Math.min(failures - 1, 30));
        return Duration.ofMillis(pick(cap));
    }

    /** The delay of a held request: equal jitter, in [max/2, max]. */
    Duration holdDelay() {
        long half = backoffMax.toMillis() / 2;
        return Duration.ofMillis(backoffMax.toMillis() - half + pick(half));
    }

    private long pick(long cap) {
        long v = jitter.pick(cap);
        if (v < 0 || v > cap) {
            throw new IllegalStateException("jitter picked " + v + " outside [0, " + cap + "]");
        }
        return v;
    }

    /**
     * A failed attempt as a {@link FetcherException}: itself; an object-store failure as the fetcher failure it
     * carries, or else transient {@code store}; anything else transient {@code error}.
     */
    public static FetcherException classify(String fileId, RuntimeException e) {
        if (e instanceof FetcherException f) {
            return f;
        }
        if (e instanceof ObjectStoreException) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof FetcherException f) {
                    return f;
                }
            }
            return new FetcherException(fileId, "store", false, e.getMessage(), e);
        }
        return new FetcherException(fileId, "error", false, e.toString(), e);
    }

    /** A fresh count of one piece of work's failures. */
    public Attempts start(String fileId) {
        return new Attempts(fileId);
    }

    /** One piece of work's failures so far; decides what to do after each. One per fetch, not shared by threads. */
    public final class Attempts {
        private final String fileId;
        private int failures;
        private int wrongArrivals;

        private Attempts(String fileId) {
            this.fileId = fileId;
        }

        public int failures() {
            return failures;
        }

        /** Counts the failure and decides. */
        public Decision failed(FetcherException e) {
            failures++;
            if (e.permanent()) {
                return new Decision.Refuse(e);
            }
            if (FILE_FAULTS.contains(e.causeCode()) && ++wrongArrivals >= maxAttempts) {
                return new Decision.Refuse(new FetcherException(fileId, e.causeCode(), true, "gave up after "
                        + failures + " attempts (arrived wrong " + wrongArrivals + " times); last: " + e.reason(), e));
            }
            if (failures < maxAttempts) {
                return new Decision.Retry(backoff(failures), e);
            }
            return new Decision.Hold(holdDelay(), e);
        }
    }

    /**
     * Runs the attempt until it returns, is refused, or — with {@link OnOutage#GIVE_UP} — the attempts are spent.
     * Each try again is reported to the listener ({@code retried}) with its cause.
     *
     * @throws FetcherException permanent when refused; transient when given up on an outage or interrupted
     */
    public <T> T run(String fileId, Supplier<T> attempt, OnOutage onOutage, FetchListener listener) {
        Attempts attempts = start(fileId);
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(fileId, attempts, null);
            }
            FetcherException failure;
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                failure = classify(fileId, e);
            }
            Decision decision = attempts.failed(failure);
            Duration delay;
            if (decision instanceof Decision.Refuse refuse) {
                throw refuse.cause();
            } else if (decision instanceof Decision.Hold hold) {
                if (onOutage == OnOutage.GIVE_UP) {
                    throw new FetcherException(fileId, failure.causeCode(), false, "gave up after "
                            + attempts.failures() + " attempts; last: " + failure.reason(), failure);
                }
                delay = hold.delay();
                LOG.warnf("%s is held (attempt %d failed, not the file's fault: %s); trying again in %s, the request"
                        + " stays unacknowledged", fileId, attempts.failures(), failure.getMessage(), delay);
            } else {
                delay = ((Decision.Retry) decision).delay();
                LOG.infof("retrying %s in %s (attempt %d of %d failed: %s)", fileId, delay, attempts.failures(),
                        maxAttempts, failure.getMessage());
            }
            listener.retried(fileId, failure.causeCode());
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(fileId, attempts, failure);
            }
        }
    }

    private static FetcherException interrupted(String fileId, Attempts attempts, FetcherException last) {
        return new FetcherException(fileId, "interrupted", false, "interrupted after " + attempts.failures()
                + " failed attempts" + (last == null ? "" : "; last: " + last.reason()), last);
    }
}
