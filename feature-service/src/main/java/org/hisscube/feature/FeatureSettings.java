package org.hisscube.feature;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** feature-service settings ({@code hisscube.features.*}; environment HISSCUBE_FEATURES_ZOOMS etc.). */
@ConfigMapping(prefix = "hisscube.features")
public interface FeatureSettings {
    /** Zooms featurised for every target (0 = 64 × 64 cutouts … 3 = 8 × 8). */
    @WithDefault("0,1,2,3")
    List<Integer> zooms();

    /** Targets per shard at most: a shard is written when this many are waiting, or after {@link #linger()}. */
    @WithDefault("64")
    int shardTargets();

    /** Longest a featurised target waits for its shard. */
    @WithDefault("5s")
    Duration linger();

    /** The topic of TargetUpdated events. */
    @WithDefault("hisscube.targets")
    String targetsTopic();

    /** The topic of ModelPublished events: a model there becomes the encoder of its modality and zoom. */
    @WithDefault("trainer.models")
    String modelsTopic();

    /** The topic of FeaturesComputed events. */
    @WithDefault("features.embeddings")
    String embeddingsTopic();

    /** Consumer group of the service (one writer of the shard manifest per group). */
    @WithDefault("feature-service")
    String groupId();

    /** Local scratch folder for target files and shards in transit (default: a folder in java.io.tmpdir). */
    Optional<Path> scratch();

    /** Consecutive failed batches (store or broker outages, bugs) before the liveness check turns DOWN. */
    @WithDefault("5")
    int maxFailures();

    /** First wait after a failed batch; doubles up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration firstBackoff();

    @WithDefault("30s")
    Duration maxBackoff();
}
