package org.hisscube.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** trainer-service settings ({@code hisscube.trainer.*}; environment HISSCUBE_TRAINER_ZOOMS etc.). */
@ConfigMapping(prefix = "hisscube.trainer")
public interface TrainerSettings {
    /** Zooms to train models at. */
    @WithDefault("2")
    List<Integer> zooms();

    /** Model kinds: photometry, spectrum, image, fused. */
    @WithDefault("photometry,spectrum,image,fused")
    List<String> kinds();

    /** Labelled targets in the training split needed before the first training. */
    @WithDefault("60")
    int minTrainTargets();

    /** New labelled targets (FeaturesComputed of new target versions) that trigger a retraining. */
    @WithDefault("200")
    int retrainAfter();

    /** How often the shard manifest is looked at. */
    @WithDefault("30s")
    Duration checkInterval();

    @WithDefault("30")
    int epochs();

    @WithDefault("6")
    int patience();

    @WithDefault("1")
    long seed();

    /**
     * Promotion rule: a new version goes live when its validation macro-F1 is at least the live version's minus this
     * (0: not worse).
     */
    @WithDefault("0.0")
    double tolerance();

    /** The topic of FeaturesComputed events (the retraining trigger). */
    @WithDefault("features.embeddings")
    String embeddingsTopic();

    @WithDefault("trainer.models")
    String modelsTopic();

    @WithDefault("trainer.evaluations")
    String evaluationsTopic();

    @WithDefault("trainer-service")
    String groupId();

    /** Local scratch for shards in transit (default: a folder in java.io.tmpdir). */
    Optional<Path> scratch();
}
