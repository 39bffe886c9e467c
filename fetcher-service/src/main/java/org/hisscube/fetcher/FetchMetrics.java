package org.hisscube.fetcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hisscube.fetcher.download.FetchListener;
import org.hisscube.servicekit.Metrics;

/**
 * The fetcher's metrics: hisscube_fetcher_requests_total, _files_total{outcome}, _bytes_total, _retries_total{cause},
 * _resumes_total, _failures_total{cause}, _fetch_seconds (histogram), _in_flight.
 */
final class FetchMetrics implements FetchListener {
    private static final String S = "fetcher-service";
    private final MeterRegistry registry;
    private final Counter bytes;
    private final Counter resumes;
    private final Timer latency;
    private final AtomicInteger inFlight = new AtomicInteger();

    FetchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = registry.counter(Metrics.name(S, "bytes"));
        this.resumes = registry.counter(Metrics.name(S, "resumes"));
        this.latency = Timer.builder(Metrics.name(S, "fetch")).publishPercentileHistogram()
                .description("time from request to stored object").register(registry);
        registry.gauge(Metrics.name(S, "in_flight"), inFlight);
        // from zero at start, so that dashboards and the ingestion alert see the first file
        registry.counter(Metrics.name(S, "requests"));
        registry.counter(Metrics.name(S, "files"), "outcome", "fetched");
        registry.counter(Metrics.name(S, "files"), "outcome", "already_stored");
    }

    void requestReceived() {
        registry.counter(Metrics.name(S, "requests")).increment();
    }

    @Override
    public void started(String fileId) {
        inFlight.incrementAndGet();
    }

    @Override
    public void bytes(long n) {
        bytes.increment(n);
    }

    @Override
    public void retried(String fileId, String causeCode) {
        registry.counter(Metrics.name(S, "retries"), "cause", causeCode).increment();
    }

    @Override
    public void resumed(String fileId, long fromByte) {
        resumes.increment();
    }

    @Override
    public void finished(String fileId, boolean skipped, long sizeBytes, long nanos) {
        inFlight.decrementAndGet();
        registry.counter(Metrics.name(S, "files"), "outcome", skipped ? "already_stored" : "fetched").increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(String fileId, String causeCode) {
        inFlight.decrementAndGet();
        registry.counter(Metrics.name(S, "failures"), "cause", causeCode).increment();
    }
}
