package org.hisscube.cube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

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

    /** The largest cone search radius, degrees. */
    @WithDefault("5")
    double maxConeRadiusDeg();
}
