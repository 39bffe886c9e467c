package org.hisscube.cube.streams;

import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.hisscube.contracts.store.ObjectStoreException;
import org.jboss.logging.Logger;

/**
 * Retries work that failed on an outage (object store unreachable, I/O error) with exponential backoff, inside the
 * stream thread: the record stays unacknowledged meanwhile. After the last try the error propagates and Kafka
 * Streams replaces the thread, which resumes from the last commit (exactly once, nothing lost).
 */
final class Transient {
    private static final Logger LOG = Logger.getLogger(Transient.class);
    private final int attempts;
    private final long firstDelayMillis;

    Transient(int attempts, long firstDelayMillis) {
        this.attempts = attempts;
        this.firstDelayMillis = firstDelayMillis;
    }

    static boolean isTransient(Throwable e) {
        return e instanceof ObjectStoreException || e instanceof UncheckedIOException;
    }

    <T> T call(String what, Supplier<T> work) {
        long delay = firstDelayMillis;
        for (int i = 1;; i++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!isTransient(e) || i >= attempts) {
                    throw e;
                }
                LOG.warnf("%s failed (try %d of %d), retrying in %d ms: %s", what, i, attempts, delay,
                        e.getMessage());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min(delay * 2, 30_000);
            }
        }
    }
}
