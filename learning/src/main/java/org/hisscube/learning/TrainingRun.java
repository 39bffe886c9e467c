package org.hisscube.learning;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.hisscube.contracts.events.ModelEvaluated;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.ShardStore;
import org.hisscube.features.Split;
import org.hisscube.features.TargetFeatures;

/**
 * One training round at one zoom, without Kafka: the live rows of a shard manifest (read from the object store),
 * split by target id, each model kind trained and scored, every version written to the registry
 * ({@code models/<kind>-z<zoom>-v<n>/}), and the promotion rule deciding which go live.
 */
public final class TrainingRun {
    /** What became of one model kind. */
    public record Outcome(String kind, int zoom, String modelId, int version, Promotion promotion,
            ModalityTraining.Result result, ModelEvaluated evaluated, ModelPublished published) {
    }

    /** Settings of a round. */
    public record Settings(int minTrainTargets, int epochs, int patience, long seed, double tolerance) {
    }

    private TrainingRun() {
    }

    /** Labelled targets of the train split in a manifest. */
    public static int labelledTrainTargets(FeatureManifest m) {
        return (int) m.targets().stream().filter(t -> Evaluation.CLASSES.contains(t.className())
                && Split.TRAIN.label().equals(t.split())).count();
    }

    public static List<Outcome> run(ObjectStore store, Path scratch, FeatureManifest manifest, int zoom,
            List<String> kinds, Settings s, Consumer<String> progress) {
        return run(store, scratch, manifest, zoom, kinds, s, progress, e -> { });
    }

    /** As above; {@code epochs} receives every finished epoch of every model (for metrics). */
    public static List<Outcome> run(ObjectStore store, Path scratch, FeatureManifest manifest, int zoom,
            List<String> kinds, Settings s, Consumer<String> progress, Consumer<ModalityTraining.Epoch> epochs) {
        ShardStore shards = new ShardStore(store, scratch, manifest.zooms(), manifest.modalities());
        List<TargetFeatures> rows = shards.liveRows(manifest, zoom);
        Map<Split, List<TargetFeatures>> bySplit = new LinkedHashMap<>();
        for (Split sp : Split.values()) {
            bySplit.put(sp, new ArrayList<>());
        }
        rows.stream().filter(f -> Evaluation.CLASSES.contains(f.className()))
                .forEach(f -> bySplit.get(f.split()).add(f));
        if (bySplit.get(Split.TRAIN).size() < s.minTrainTargets() || bySplit.get(Split.VALIDATION).isEmpty()
                || bySplit.get(Split.TEST).isEmpty()) {
            progress.accept(String.format(Locale.ROOT, "zoom %d: %d/%d/%d labelled train/validation/test targets; "
                    + "waiting for %d train targets and one of each other split", zoom,
                    bySplit.get(Split.TRAIN).size(), bySplit.get(Split.VALIDATION).size(),
                    bySplit.get(Split.TEST).size(), s.minTrainTargets()));
            return List.of();
        }
        TensorSet.Standardiser st = TensorSet.Standardiser.fit(bySplit.get(Split.TRAIN));
        TensorSet train = TensorSet.of(bySplit.get(Split.TRAIN), st);
        TensorSet validation = TensorSet.of(bySplit.get(Split.VALIDATION), st);
        TensorSet test = TensorSet.of(bySplit.get(Split.TEST), st);
        LiveModels live = new LiveModels(store);
        List<Outcome> out = new ArrayList<>();
        for (String k : kinds) {
            ModalityModels.Kind kind = ModalityModels.Kind.valueOf(k.trim().toUpperCase(Locale.ROOT));
            String name = kind.label();
            progress.accept(String.format(Locale.ROOT, "training %s at zoom %d on manifest %d: %d/%d/%d targets",
                    name, zoom, manifest.version(), train.size(), validation.size(), test.size()));
            ModalityTraining.Result r = ModalityTraining.train(kind, train, validation, test,
                    new ModalityTraining.Settings(s.epochs(), 32, s.patience(), s.seed()), progress, epochs);
            int version = live.nextVersion(name, zoom);
            String id = name + "-z" + zoom + "-v" + version;
            Optional<LiveModels.Live> current = live.get(name, zoom);
            Promotion p = Promotion.decide(r.validation().macroF1(), current, s.tolerance());
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("validation", r.validation().toMap());
            metrics.put("test", r.test().toMap());
            metrics.put("promotion", p.reason());
            String key = Encoder.publish(store, r.model(), new Encoder.Metadata(id, name, zoom, manifest.version(),
                    s.seed(), st.mean(), st.scale(), metrics, current.map(LiveModels.Live::modelId).orElse(null)));
            double modelBytes = store.stat(key).map(o -> (double) o.size()).orElse(Double.NaN);
            ModelPublished published = null;
            if (p.goesLive()) {
                live.set(name, zoom, new LiveModels.Live(id, version, r.validation().macroF1(), manifest.version()));
                published = new ModelPublished(UUID.randomUUID().toString(), 1, Instant.now(), id, "dl4j-" + name,
                        kind.modality(), zoom, version, store.bucket(), Encoder.modelKey(id), train.size());
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("macro_f1", r.test().macroF1());
            m.put("accuracy", r.test().accuracy());
            for (int c = 0; c < Evaluation.CLASSES.size(); c++) {
                m.put("f1_" + Evaluation.CLASSES.get(c), r.test().f1()[c]);
            }
            m.put("validation_macro_f1", r.validation().macroF1());
            m.put("live", p.goesLive() ? 1.0 : 0.0);
            m.put("parameters", (double) r.parameters());
            m.put("model_bytes", modelBytes);
            m.put("train_samples_per_s", r.trainSamplesPerSecond());
            m.put("inference_samples_per_s", r.inferenceSamplesPerSecond());
            ModelEvaluated evaluated = new ModelEvaluated(UUID.randomUUID().toString(), 1, Instant.now(), id, version,
                    kind.modality(), zoom, m, train.size(), test.size(), r.seconds());
            progress.accept(String.format(Locale.ROOT, "%s: test macro-F1 %.4f; %s", id, r.test().macroF1(),
                    p.reason()));
            out.add(new Outcome(name, zoom, id, version, p, r, evaluated, published));
        }
        return out;
    }
}
