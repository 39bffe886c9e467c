package org.hisscube.cube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Typed configuration of the cube-service ({@code hisscube.cube.*}; environment {@code HISSCUBE_CUBE_*}). */
@ConfigMapping(prefix = "hisscube.cube")
public interface CubeSettings {
    /** Zoom levels of every segment and target (1..4). */
    @WithDefault("4")
    int zooms();

    /** Frame pyramids the linker keeps in memory (≈ 33 MB each at 4 zooms). */
    @WithDefault("6")
    int cachedFrames();

    /** Partitions of the linker's repartition topic (sky regions processed in parallel). */
    @WithDefault("6")
    int linkPartitions();

    /** Folder for scratch files (segments before upload, target files); deleted after each use. */
    @WithDefault("${java.io.tmpdir}/hisscube-cube-scratch")
    Path scratchDir();

    /** Folder of the Kafka Streams state stores (set in application.properties; rebuilt from changelogs). */
    Path stateDir();

    /** How stream thread failures are handled (see StreamFailurePolicy). */
    ThreadFailures threadFailures();

    /** Stream thread failures: {@code hisscube.cube.thread-failures.*}. */
    interface ThreadFailures {
        /** Consecutive failures tolerated; the next one shuts Kafka Streams down and fails the liveness check. */
        @WithDefault("10")
        int max();

        /** Wait before replacing a failed thread, doubled per consecutive failure. */
        @WithDefault("1s")
        Duration firstBackoff();

        @WithDefault("60s")
        Duration maxBackoff();

        /** A failure more than this after the previous one starts a new count. */
        @WithDefault("15m")
        Duration window();
    }

    /**
     * Where the other replicas reach this instance's HTTP API, {@code http://HOST:PORT} (Kafka Streams'
     * {@code application.server}); on Kubernetes the pod's name under the headless service. Unset: the instance
     * assumes it is alone and answers from its own stores.
     */
    java.util.Optional<String> advertisedUrl();

    /** The largest cone search radius, degrees. */
    @WithDefault("5")
    double maxConeRadiusDeg();
}
