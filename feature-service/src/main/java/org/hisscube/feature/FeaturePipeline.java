package org.hisscube.feature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.Modality;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.features.Embeddings;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.Featurizer;
import org.hisscube.features.ShardStore;
import org.hisscube.features.TargetFeatures;
import org.hisscube.features.TargetRefusedException;
import org.hisscube.learning.Encoder;
import org.hisscube.learning.LearningException;
import org.hisscube.science.cube.Target;

/**
 * What the service does with targets, without Kafka: read a target file from the store and derive its features;
 * write a batch as shards and a new manifest; and make the embedding events of the batch. One instance per consumer
 * (it holds the manifest it last wrote).
 */
public final class FeaturePipeline {
    /** A featurised target waiting for its shard. */
    public record Pending(TargetUpdated event, List<TargetFeatures> features) {
    }

    /** A written batch: the manifest now, the events to publish, the shard bytes written. */
    public record Flushed(FeatureManifest manifest, List<FeaturesComputed> events, int written, int skipped,
            long bytes) {
    }

    private final ObjectStore store;
    private final Featurizer featurizer;
    private final ShardStore shards;
    private final List<Integer> zooms;
    private final Path scratch;
    private FeatureManifest manifest;
    /** The trained encoder in use per modality and zoom (absent: the baseline). */
    private final Map<String, Encoder> encoders = new java.util.TreeMap<>();
    private final Map<String, Integer> encoderVersions = new java.util.TreeMap<>();

    /** Where the service records that it re-embedded every target with a model: one object per model id. */
    static final String ENCODER_MARKERS = "features/encoders/";

    public FeaturePipeline(ObjectStore store, Featurizer featurizer, List<Integer> zooms, Path scratch) {
        this.store = store;
        this.featurizer = featurizer;
        this.zooms = List.copyOf(zooms);
        this.scratch = scratch;
        this.shards = new ShardStore(store, scratch.resolve("shards"), zooms,
                featurizer.modalities().stream().map(m -> m.name()).toList());
        this.manifest = shards.manifest();
        for (String key : store.list(ENCODER_MARKERS)) {
            try {
                ModelPublished m = org.hisscube.contracts.Topics.MODELS.decode(store.getBytes(key));
                use(m, Encoder.load(store, m.modelId()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot restore the encoder recorded in " + key + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static String slot(Modality m, int zoom) {
        return m.name() + "/" + zoom;
    }

    private void use(ModelPublished m, Encoder e) {
        String slot = slot(e.kind().modality(), e.metadata().zoom());
        Integer have = encoderVersions.get(slot);
        if (have == null || have <= m.version()) {
            encoders.put(slot, e);
            encoderVersions.put(slot, m.version());
        }
    }

    /** The encoder version in use per modality and zoom ("baseline-1" where no model is loaded). */
    public Map<String, String> encodersInUse() {
        Map<String, String> out = new java.util.TreeMap<>();
        encoders.forEach((k, v) -> out.put(k, v.metadata().modelId()));
        return out;
    }

    /** A published model: what to do with it. */
    public record ModelOutcome(List<FeaturesComputed> events, boolean alreadyDone) {
    }

    /**
     * Loads a newly published model as the encoder of its modality and zoom and re-embeds every live target at that
     * zoom with it, once: a model the service has already re-embedded with (its marker exists) is only loaded.
     * Call {@link #markDone} once the events are acknowledged.
     *
     * @throws LearningException when the model or its metadata is missing or unreadable
     */
    public ModelOutcome onModel(ModelPublished m) {
        Encoder e = Encoder.load(store, m.modelId());
        boolean done = store.stat(ENCODER_MARKERS + m.modelId() + ".json").isPresent();
        use(m, e);
        if (done || manifest.version() == 0) {
            return new ModelOutcome(List.of(), done);
        }
        int zoom = e.metadata().zoom();
        List<TargetFeatures> live = shards.liveRows(manifest, zoom);
        float[][] vectors = e.embed(live);
        List<FeaturesComputed> events = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            TargetFeatures f = live.get(i);
            events.add(event(f, e.kind().modality(), m.modelId(), vectors[i]));
        }
        return new ModelOutcome(events, false);
    }

    /** Records that every live target was re-embedded with the model (so a restart or replay does not redo it). */
    public void markDone(ModelPublished m) {
        store.put(ENCODER_MARKERS + m.modelId() + ".json", org.hisscube.contracts.Topics.MODELS.encode(m),
                "application/json", Map.of());
    }

    private FeaturesComputed event(TargetFeatures f, Modality modality, String encoder, float[] vector) {
        List<Double> v = new ArrayList<>(vector.length);
        for (float x : vector) {
            v.add((double) x);
        }
        return new FeaturesComputed(UUID.randomUUID().toString(), 1, Instant.now(), f.targetId(), f.targetVersion(),
                f.zoom(), modality, f.className(), v, encoder, manifest.version(), f.split().label());
    }

    public FeatureManifest manifest() {
        return manifest;
    }

    /** Re-reads the manifest from the store (after a failed batch, whose shards may or may not have landed). */
    public void reload() {
        manifest = shards.manifest();
    }

    /**
     * Reads the event's target file and derives its features at every zoom.
     *
     * @throws TargetRefusedException when the file is missing, not a target file, not this target, or unusable
     */
    public List<TargetFeatures> featurise(TargetUpdated e) {
        if (store.stat(e.targetKey()).isEmpty()) {
            throw new TargetRefusedException("missing_object", "target " + e.targetId() + " version " + e.version()
                    + ": " + e.targetKey() + " is not in bucket " + store.bucket());
        }
        Path tmp = scratch.resolve("target-" + e.targetId() + "-" + UUID.randomUUID() + ".h5");
        try {
            Files.createDirectories(scratch);
            try (InputStream in = store.get(e.targetKey())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            List<Target> targets = Featurizer.read(tmp);
            Target t = targets.stream().filter(x -> x.id() == e.targetId()).findFirst().orElseThrow(() ->
                    new TargetRefusedException("unreadable", e.targetKey() + " does not hold target " + e.targetId()));
            return featurizer.derive(t, e.version(), zooms);
        } catch (TargetRefusedException r) {
            throw new TargetRefusedException(r.causeCode(), e.targetKey() + ": " + r.getMessage(), r);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot read " + e.targetKey(), x);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // scratch is emptied at start
            }
        }
    }

    /**
     * Writes the batch's shards and the next manifest, and returns the embedding events of every target whose
     * featurised version is the live one (also those a replay found already written, whose events may not have
     * gone out before a crash).
     */
    public Flushed flush(List<Pending> batch) {
        List<List<TargetFeatures>> rows = batch.stream().map(Pending::features).toList();
        ShardStore.Appended a = shards.append(manifest, rows);
        manifest = a.manifest();
        Map<Long, FeatureManifest.TargetEntry> live = manifest.byTarget();
        List<FeaturesComputed> events = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Pending p : batch) {
            FeatureManifest.TargetEntry entry = live.get(p.event().targetId());
            if (entry == null || entry.version() != p.event().version()
                    || !seen.add(p.event().targetId() + "/" + p.event().version())) {
                continue;
            }
            for (TargetFeatures f : p.features()) {
                for (Embeddings.Embedding emb : Embeddings.baseline(featurizer, f)) {
                    Encoder trained = encoders.get(slot(emb.modality(), f.zoom()));
                    if (trained != null) {
                        events.add(event(f, emb.modality(), trained.metadata().modelId(),
                                trained.embed(List.of(f))[0]));
                    } else {
                        events.add(event(f, emb.modality(), emb.encoderVersion(), emb.vector()));
                    }
                }
            }
        }
        return new Flushed(manifest, events, a.written().size(), a.skipped().size(), a.bytes());
    }
}
