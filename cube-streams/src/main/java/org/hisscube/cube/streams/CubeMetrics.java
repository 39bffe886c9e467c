package org.hisscube.cube.streams;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cube-service's meters ({@code hisscube_cube_*} in Prometheus): files ingested by kind, segment write time and
 * bytes, targets created/updated/refused, link waits (spectra waiting for frames), dead letters by cause, and the
 * latency from a raw file's claim check to the target event it led to; records whose processing failed by stage
 * and exception type (not dead-lettered: outages and programming errors), stream thread failures and whether the
 * failure policy gave up.
 */
public final class CubeMetrics {
    private final MeterRegistry registry;
    private final AtomicLong waiting = new AtomicLong();
    private final Timer latency;

    public CubeMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("hisscube.cube.link_waiting_targets", waiting);
        this.latency = Timer.builder("hisscube.cube.raw_to_target")
                .description("time from a raw file's claim check to the target event it led to")
                .publishPercentileHistogram().register(registry);
        // the series dashboards and alerts read exist from the start at zero, so their first increase is seen
        for (String kind : new String[] {"frame", "spectrum"}) {
            registry.counter("hisscube.cube.files_ingested", "kind", kind);
        }
        for (String outcome : new String[] {"created", "updated", "refused"}) {
            registry.counter("hisscube.cube.targets", "outcome", outcome);
        }
        registry.counter("hisscube.cube.link_waits");
        registry.counter("hisscube.cube.streams_gave_up");
        for (String source : new String[] {"cache", "window", "store"}) {
            registry.counter("hisscube.cube.link_frame_reads", "source", source);
        }
    }

    public void fileIngested(String kind) {
        registry.counter("hisscube.cube.files_ingested", "kind", kind).increment();
    }

    public void segmentWritten(String kind, long nanos, long bytes) {
        Timer.builder("hisscube.cube.segment_write").tag("kind", kind).register(registry)
                .record(Duration.ofNanos(nanos));
        DistributionSummary.builder("hisscube.cube.segment_size").baseUnit("bytes").tag("kind", kind)
                .register(registry).record(bytes);
    }

    /** The stages of one file's ingest, so the time on top of the science can be found. */
    public static final String STAGE_TIMER = "hisscube.cube.stage";

    /**
     * Time of one ingest stage of a file: {@code read_decode} (the raw object streamed from the store and decoded),
     * {@code calibrate}, {@code pyramid}, {@code write_local} (the segment into its scratch file), {@code upload}
     * (the segment into the store); for linking ({@code kind="link"}) {@code read_frames}, {@code read_spectra},
     * {@code build}, {@code write_target}.
     */
    public void stage(String kind, String stage, long nanos) {
        Timer.builder(STAGE_TIMER).description("time of one ingest stage of a raw file").tag("kind", kind)
                .tag("stage", stage).register(registry).record(Duration.ofNanos(nanos));
    }

    /**
     * A frame's pyramid the linker needed: from the instance's recent frames ({@code cache}), only its cutout windows
     * read from the segment by range requests ({@code window}), or the whole segment read back ({@code store}).
     */
    public void linkFrameRead(String source) {
        registry.counter("hisscube.cube.link_frame_reads", "source", source).increment();
    }

    /**
     * A spectrum the linker needed: parsed by this instance's ingester and kept ({@code cache}), or its raw file read
     * back from the store ({@code store}).
     */
    public void linkSpectrumRead(String source) {
        registry.counter("hisscube.cube.link_spectrum_reads", "source", source).increment();
    }

    /** outcome: created, updated or refused. */
    public void target(String outcome) {
        registry.counter("hisscube.cube.targets", "outcome", outcome).increment();
    }

    /** A spectrum's target cannot be linked yet (some band has no frame containing it). */
    public void linkWait() {
        registry.counter("hisscube.cube.link_waits").increment();
    }

    /** Number of targets currently waiting for frames (set by the linker). */
    public void waitingTargets(long n) {
        waiting.set(n);
    }

    public void deadLettered(String topic, String cause) {
        registry.counter("hisscube.cube.dead_letters", "topic", topic, "cause", cause).increment();
    }

    /** A record's processing failed with something that is not the input's fault (it is not dead-lettered). */
    public void processingFailed(String stage, String type) {
        registry.counter("hisscube.cube.processing_failures", "stage", stage, "type", type).increment();
    }

    /** A stream thread died (and is replaced unless the policy gives up). */
    public void streamThreadFailed(String type) {
        registry.counter("hisscube.cube.stream_thread_failures", "type", type).increment();
    }

    /** The failure policy gave up: the Kafka Streams client shuts down. */
    public void streamsGaveUp() {
        registry.counter("hisscube.cube.streams_gave_up").increment();
    }

    public void rawToTarget(long millis) {
        if (millis >= 0) {
            latency.record(Duration.ofMillis(millis));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }
}
