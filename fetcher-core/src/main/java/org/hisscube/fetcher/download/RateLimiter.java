package org.hisscube.fetcher.download;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most N request starts per second per host (a smooth schedule: one every 1/N s). */
final class RateLimiter {
    private final long intervalNanos;
    private final Map<String, long[]> nextSlot = new ConcurrentHashMap<>();

    RateLimiter(double perSecond) {
        this.intervalNanos = (long) (1e9 / perSecond);
    }

    void acquire(String host) throws InterruptedException {
        long[] slot = nextSlot.computeIfAbsent(host, h -> new long[] {System.nanoTime()});
        long wait;
        synchronized (slot) {
            long now = System.nanoTime();
            long start = Math.max(now, slot[0]);
            slot[0] = start + intervalNanos;
            wait = start - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
