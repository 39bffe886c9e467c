package org.hisscube.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.hisscube.contracts.events.CatalogWatchAdvanced;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.ExperimentCompleted;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.ModelEvaluated;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.json.JsonSerde;

/** Every topic of the system, declared once with its key and value serdes. Topic names live here only. */
public final class Topics {
    /**
     * Files someone asked for; keyed by file id. Read by the fetcher. Kept a week: a request is done once its claim
     * check is on {@link #RAW_FILES}, which (like every other main topic) is kept forever, because the cube, the
     * features and the science view are rebuilt by replaying them.
     */
    public static final Topic<String, FetchRequested> FETCH_REQUESTS =
            topic("sdss.fetch-requests", FetchRequested.class, 6, false, java.time.Duration.ofDays(7).toMillis());
    /** Claim checks of stored raw files; keyed by file id. Read by the cube-service. */
    public static final Topic<String, RawFileStored> RAW_FILES =
            topic("sdss.raw-files", RawFileStored.class, 6, false);
    /** Image segments written; keyed by file id. */
    public static final Topic<String, FrameIngested> FRAMES = topic("hisscube.frames", FrameIngested.class, 6, false);
    /** Spectrum segments written; keyed by target id (HEALPix order-15 cell). */
    public static final Topic<String, SpectrumIngested> SPECTRA =
            topic("hisscube.spectra", SpectrumIngested.class, 6, false);
    /** Targets built or updated; keyed by target id; compacted (latest version per target). */
    public static final Topic<String, TargetUpdated> TARGETS = topic("hisscube.targets", TargetUpdated.class, 6, true);
    /** Feature vectors; keyed by target id. */
    public static final Topic<String, FeaturesComputed> EMBEDDINGS =
            topic("features.embeddings", FeaturesComputed.class, 6, false);
    /** Models published; keyed by model id. */
    public static final Topic<String, ModelPublished> MODELS = topic("trainer.models", ModelPublished.class, 1, true);
    /** Model evaluations; keyed by model id. */
    public static final Topic<String, ModelEvaluated> EVALUATIONS =
            topic("trainer.evaluations", ModelEvaluated.class, 1, false);

    /** Finished experiment runs: report location and headline scores, keyed by experiment name; compacted. */
    public static final Topic<String, ExperimentCompleted> EXPERIMENTS =
            topic("experiments.summaries", ExperimentCompleted.class, 1, true);

    /** Where catalog watches resume: the latest position per watch and catalog file; compacted. */
    public static final Topic<String, CatalogWatchAdvanced> WATCH_POSITIONS =
            topic("fetcher.watch-positions", CatalogWatchAdvanced.class, 1, true);

    /** The value serde of every dead-letter topic. */
    public static final JsonSerde<EventDeadLettered> DEAD_LETTER_SERDE = new JsonSerde<>(EventDeadLettered.class);

    private static final List<Topic<String, ?>> MAIN = List.of(FETCH_REQUESTS, RAW_FILES, FRAMES, SPECTRA, TARGETS,
            EMBEDDINGS, MODELS, EVALUATIONS, EXPERIMENTS, WATCH_POSITIONS);

    private Topics() {
    }

    /** The dead-letter topic of a topic: {@code <name>.dlq}, carrying {@link EventDeadLettered}. */
    public static Topic<String, EventDeadLettered> deadLetterOf(Topic<?, ?> topic) {
        if (topic.isDeadLetterTopic()) {
            throw new IllegalArgumentException("a dead-letter topic has no dead-letter topic: " + topic.name());
        }
        return new Topic<>(topic.deadLetterName(), Serdes.String(), DEAD_LETTER_SERDE, 1, true, Topic.FOREVER);
    }

    /** The main (event) topics. */
    public static List<Topic<String, ?>> main() {
        return MAIN;
    }

    /** Every topic: the main ones and their dead-letter topics. */
    public static List<Topic<String, ?>> all() {
        List<Topic<String, ?>> all = new ArrayList<>(MAIN);
        MAIN.forEach(t -> all.add(deadLetterOf(t)));
        return List.copyOf(all);
    }

    /** Looks a topic up by name, dead-letter topics included. */
    public static Optional<Topic<String, ?>> byName(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static <V> Topic<String, V> topic(String name, Class<V> type, int partitions, boolean compacted) {
        return topic(name, type, partitions, compacted, Topic.FOREVER);
    }

    private static <V> Topic<String, V> topic(String name, Class<V> type, int partitions, boolean compacted,
            long retentionMs) {
        return new Topic<>(name, Serdes.String(), new JsonSerde<>(type), partitions, compacted, retentionMs);
    }
}
