package org.hisscube.cube.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What happens when a stream thread fails (an exception escaped a processor: an outage that outlasted the in-thread
 * retries, or a programming error): the thread is replaced after a backoff (1 s, doubling up to a maximum) and
 * resumes from the last committed transaction, so nothing is lost and nothing is done twice. Failures count as
 * consecutive while each follows the previous within {@code window}; after {@code maxFailures} consecutive failures
 * the policy gives up: the Kafka Streams client shuts down (state ERROR) and {@link #gaveUp()} says why, so that a
 * persistent fault (a full scratch disk, bad credentials, a record that always hits the same bug) shows as a failed
 * health check instead of an endless loop.
 */
public final class StreamFailurePolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = Logger.getLogger(StreamFailurePolicy.class);
    private final Settings settings;
    private final CubeMetrics metrics;
    private final Sleeper sleeper;
    private final LongSupplier clockMillis;
    private int consecutive;
    private long lastFailureMillis;
    private volatile String gaveUp;

    /**
     * @param maxFailures  consecutive thread failures tolerated; the next one shuts the client down
     * @param firstBackoff wait before the first replacement, doubled for each consecutive failure
     * @param maxBackoff   longest wait before a replacement
     * @param window       a failure later than this after the previous one starts a new count
     */
    public record Settings(int maxFailures, Duration firstBackoff, Duration maxBackoff, Duration window) {
        public Settings {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
            }
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(window, "window");
        }

        /** Ten failures, each within 15 minutes of the previous; 1 s to 60 s between them. */
        public static Settings defaults() {
            return new Settings(10, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(15));
        }
    }

    /** Waits; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public StreamFailurePolicy(Settings settings, CubeMetrics metrics) {
        this(settings, metrics, d -> Thread.sleep(d.toMillis()), System::currentTimeMillis);
    }

    public StreamFailurePolicy(Settings settings, CubeMetrics metrics, Sleeper sleeper, LongSupplier clockMillis) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Throwable root = rootOf(exception);
        long now = clockMillis.getAsLong();
        if (consecutive > 0 && now - lastFailureMillis > settings.window().toMillis()) {
            consecutive = 0;
        }
        consecutive++;
        lastFailureMillis = now;
        metrics.streamThreadFailed(root.getClass().getSimpleName());
        if (consecutive > settings.maxFailures()) {
            gaveUp = String.format("gave up after %d consecutive stream thread failures; the last: %s: %s",
                    consecutive, root.getClass().getName(), root.getMessage());
            metrics.streamsGaveUp();
            LOG.errorf(exception, "%s — shutting the cube's Kafka Streams client down (health check DOWN)", gaveUp);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Duration wait = backoff(consecutive);
        LOG.errorf(exception, "stream thread failed (%d of at most %d in a row): %s: %s; replacing it in %d ms"
                + " (processing resumes from the last commit)", consecutive, settings.maxFailures(),
                root.getClass().getSimpleName(), root.getMessage(), wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The wait before the replacement after the n-th consecutive failure. */
    Duration backoff(int n) {
        long first = settings.firstBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long ms = first;
        for (int i = 1; i < n && ms < max; i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, max));
    }

    /** Why the policy gave up, or empty while it has not. */
    public Optional<String> gaveUp() {
        return Optional.ofNullable(gaveUp);
    }

    public synchronized int consecutiveFailures() {
        return consecutive;
    }

    static Throwable rootOf(Throwable e) {
        Throwable t = e;
        // Kafka Streams wraps the processor's exception in StreamsException (sometimes twice)
        while (t.getCause() != null && t instanceof org.apache.kafka.streams.errors.StreamsException) {
            t = t.getCause();
        }
        return t;
    }
}
