package org.hisscube.feature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.hisscube.features.Embeddings;
import org.hisscube.servicekit.Metrics;

/**
 * The service's metrics ({@code hisscube_feature_*}): targets featurised per zoom, latency from a TargetUpdated to
 * its FeaturesComputed events, shard writes and bytes, refusals, failed batches, the manifest version and the
 * encoder in use.
 */
@ApplicationScoped
public class FeatureMetrics {
    static final String SERVICE = "feature-service";
    private final MeterRegistry registry;
    private final Timer latency;
    private final Counter shards;
    private final Counter shardBytes;
    private final Counter failures;
    private final AtomicInteger manifestVersion = new AtomicInteger();

    @Inject
    public FeatureMetrics(MeterRegistry registry) {
        this.registry = registry;
        latency = Timer.builder(Metrics.name(SERVICE, "latency"))
                .description("time from a TargetUpdated event to its FeaturesComputed events")
                .publishPercentileHistogram().register(registry);
        shards = Counter.builder(Metrics.name(SERVICE, "shard_writes")).description("shard files written")
                .register(registry);
        shardBytes = Counter.builder(Metrics.name(SERVICE, "shard_written")).baseUnit("bytes")
                .description("bytes of shard files written").register(registry);
        failures = Counter.builder(Metrics.name(SERVICE, "failed_batches"))
                .description("batches that failed (outage or bug) and were retried from the last commit")
                .register(registry);
        registry.gauge(Metrics.name(SERVICE, "manifest_version"), manifestVersion);
        for (String m : new String[] {"image", "spectrum", "photometry", "multi"}) {
            registry.gauge(Metrics.name(SERVICE, "encoder"), io.micrometer.core.instrument.Tags.of("modality", m,
                    "zoom", "any", "encoder", Embeddings.BASELINE), new AtomicInteger(1));
        }
    }

    /** A trained encoder taken into use, and the targets it re-embedded. */
    void encoder(String modality, int zoom, String modelId, int reembedded) {
        registry.gauge(Metrics.name(SERVICE, "encoder"), io.micrometer.core.instrument.Tags.of("modality", modality,
                "zoom", Integer.toString(zoom), "encoder", modelId), new AtomicInteger(1));
        registry.counter(Metrics.name(SERVICE, "reembedded_targets"), "modality", modality).increment(reembedded);
    }

    void featurised(int zoom) {
        registry.counter(Metrics.name(SERVICE, "targets_featurised"), "zoom", Integer.toString(zoom)).increment();
    }

    void published(Instant targetUpdatedAt) {
        latency.record(Duration.between(targetUpdatedAt, Instant.now()).abs());
    }

    void shardsWritten(int files, long bytes, int version) {
        shards.increment(files);
        shardBytes.increment(bytes);
        manifestVersion.set(version);
    }

    void manifest(int version) {
        manifestVersion.set(version);
    }

    void refused(String cause) {
        registry.counter(Metrics.name(SERVICE, "refused_targets"), "cause", cause).increment();
    }

    void failed() {
        failures.increment();
    }
}
