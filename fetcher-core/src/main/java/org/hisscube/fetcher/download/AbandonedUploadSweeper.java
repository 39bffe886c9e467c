package org.hisscube.fetcher.download;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Looks for multipart uploads a killed fetcher left open under the raw prefix and aborts those older than
 * {@code age}: once at {@link #start()} and then every {@code period} on a daemon thread. An unreachable store only
 * delays the abort to the next sweep: a failed sweep is logged and counted, never fatal. {@code age} must be longer
 * than any transfer takes, or a live upload of this or another fetcher would be aborted (it then fails and is
 * fetched again).
 */
public final class AbandonedUploadSweeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AbandonedUploadSweeper.class);

    private final FileFetcher fetcher;
    private final Duration age;
    private final Duration period;
    private final AtomicInteger sweeps = new AtomicInteger();
    private final AtomicInteger failedSweeps = new AtomicInteger();
    private final AtomicLong aborted = new AtomicLong();
    private ScheduledExecutorService timer;

    public AbandonedUploadSweeper(FileFetcher fetcher, Duration age, Duration period) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.age = Objects.requireNonNull(age, "age");
        this.period = Objects.requireNonNull(period, "period");
        if (age.isNegative()) {
            throw new IllegalArgumentException("abandoned-upload age must not be negative: " + age);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("abandoned-upload sweep period must be positive: " + period);
        }
    }

    /** Sweeps now (on the sweeper's thread) and every period after; a second call does nothing. */
    public synchronized AbandonedUploadSweeper start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "abandoned-upload-sweep");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::sweep, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One sweep; returns the uploads it aborted (0 when the store could not be asked). */
    public int sweep() {
        try {
            int n = fetcher.abortAbandonedUploads(age);
            aborted.addAndGet(n);
            if (n > 0) {
                LOG.infof("aborted %d abandoned upload(s) under %s", n, fetcher.settings().rawPrefix());
            }
            return n;
        } catch (RuntimeException e) {
            failedSweeps.incrementAndGet();
            LOG.warnf("could not look for abandoned uploads under %s (tried again in %s): %s",
                    fetcher.settings().rawPrefix(), period, e.getMessage());
            return 0;
        } finally {
            sweeps.incrementAndGet();
        }
    }

    /** Sweeps done so far, failed ones included. */
    public int sweeps() {
        return sweeps.get();
    }

    /** Sweeps that could not reach the store. */
    public int failedSweeps() {
        return failedSweeps.get();
    }

    /** Uploads aborted so far. */
    public long aborted() {
        return aborted.get();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
