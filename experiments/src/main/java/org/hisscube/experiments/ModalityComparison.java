package org.hisscube.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.ShardStore;
import org.hisscube.features.Split;
import org.hisscube.features.TargetFeatures;
import org.hisscube.learning.Encoder;
import org.hisscube.learning.Evaluation;
import org.hisscube.learning.ModalityModels;
import org.hisscube.learning.ModalityTraining;
import org.hisscube.learning.TensorSet;

/**
 * The modality comparison: at every zoom of the spec, the labelled live rows of one shard manifest (read from the
 * object store, never from Kafka) split by target id, and every model kind trained once per seed on the same train
 * targets, early-stopped on the same validation targets and scored on the same test targets. Every model goes to the
 * registry ({@link Encoder#publish}) under the spec's model id, not live: an experiment never changes what the
 * feature-service embeds with. The first seed's models also embed every row for the maps and the clustering.
 */
public final class ModalityComparison {
    /** The rows of one zoom: targets per split and class. */
    public record ZoomData(int zoom, Map<String, Integer> perSplit, Map<String, Map<String, Integer>> perClass,
            long[] testIds, int[] testTruth) {
    }

    /** The first seed's embedding of every labelled row by one model. */
    public record Embedded(String kind, int zoom, long[] ids, int[] labels, float[][] vectors) {
    }

    /** Everything the report needs from training. */
    public record Outcome(int manifestVersion, List<ModelRun> models, Map<String, int[]> testPredictions,
            Map<Integer, ZoomData> zooms, List<Embedded> embeddings, double seconds) {
    }

    private ModalityComparison() {
    }

    public static Outcome run(ObjectStore store, Path scratch, FeatureManifest manifest, ExperimentSpec spec,
            Consumer<String> progress) {
        long t0 = System.nanoTime();
        ShardStore shards = new ShardStore(store, scratch, manifest.zooms(), manifest.modalities());
        List<ModelRun> models = new ArrayList<>();
        Map<String, int[]> predictions = new LinkedHashMap<>();
        Map<Integer, ZoomData> zooms = new LinkedHashMap<>();
        List<Embedded> embeddings = new ArrayList<>();
        int total = spec.zooms().size() * spec.kinds().size() * spec.seeds();
        int done = 0;
        for (int zoom : spec.zooms()) {
            if (!manifest.zooms().contains(zoom)) {
                throw new ExperimentException("the feature manifest v" + manifest.version() + " has zooms "
                        + manifest.zooms() + ", not " + zoom + ": set the feature-service's zooms to include it");
            }
            Map<Split, List<TargetFeatures>> bySplit = new EnumMap<>(Split.class);
            for (Split s : Split.values()) {
                bySplit.put(s, new ArrayList<>());
            }
            List<TargetFeatures> labelled = new ArrayList<>();
            for (TargetFeatures f : shards.liveRows(manifest, zoom)) {
                if (Evaluation.CLASSES.contains(f.className())) {
                    bySplit.get(f.split()).add(f);
                    labelled.add(f);
                }
            }
            for (Split s : Split.values()) {
                if (bySplit.get(s).isEmpty()) {
                    throw new ExperimentException("zoom " + zoom + ": manifest v" + manifest.version() + " has no "
                            + "labelled " + s.label() + " targets (" + labelled.size() + " labelled in all); an "
                            + "experiment needs targets in every split");
                }
            }
            TensorSet.Standardiser st = TensorSet.Standardiser.fit(bySplit.get(Split.TRAIN));
            TensorSet train = TensorSet.of(bySplit.get(Split.TRAIN), st);
            TensorSet validation = TensorSet.of(bySplit.get(Split.VALIDATION), st);
            TensorSet test = TensorSet.of(bySplit.get(Split.TEST), st);
            zooms.put(zoom, new ZoomData(zoom, counts(bySplit), perClass(bySplit), test.ids(), test.labels()));
            progress.accept(String.format(Locale.ROOT, "zoom %d: %d train, %d validation, %d test targets (manifest "
                    + "v%d)", zoom, train.size(), validation.size(), test.size(), manifest.version()));
            for (long seed : spec.trainingSeeds()) {
                for (String k : spec.kinds()) {
                    ModalityModels.Kind kind = ModalityModels.Kind.valueOf(k.toUpperCase(Locale.ROOT));
                    String id = spec.modelId(kind.label(), zoom, seed);
                    ModalityTraining.Result r = ModalityTraining.train(kind, train, validation, test,
                            new ModalityTraining.Settings(spec.epochs(), 32, spec.patience(), seed), line -> { });
                    int[] predicted = ModalityTraining.predict(r.model(), kind, test);
                    Map<String, Object> metrics = new LinkedHashMap<>();
                    metrics.put("validation", r.validation().toMap());
                    metrics.put("test", r.test().toMap());
                    metrics.put("experiment", spec.name() + "/" + spec.runId());
                    Encoder.Metadata meta = new Encoder.Metadata(id, kind.label(), zoom, manifest.version(), seed,
                            st.mean(), st.scale(), metrics, null);
                    String key = Encoder.publish(store, r.model(), meta);
                    long bytes = store.stat(key).map(o -> o.size()).orElse(-1L);
                    Map<String, Double> perClassF1 = new LinkedHashMap<>();
                    for (int c = 0; c < Evaluation.CLASSES.size(); c++) {
                        perClassF1.put(Evaluation.CLASSES.get(c), r.test().f1()[c]);
                    }
                    double trainSeconds = r.seconds() - test.size() / r.inferenceSamplesPerSecond();
                    models.add(new ModelRun(id, ModelRun.modalityOf(kind), kind.label(), kind.inputs(), zoom, seed,
                            r.test().macroF1(), r.test().accuracy(), perClassF1, r.test().confusion(),
                            Evaluation.CLASSES, r.validation().macroF1(), trainSeconds,
                            test.size() / r.inferenceSamplesPerSecond(), r.epochsRun(), r.bestEpoch(), r.parameters(),
                            bytes, train.size(), validation.size(), test.size(), manifest.version()));
                    predictions.put(id, predicted);
                    if (seed == spec.seed0()) {
                        Encoder encoder = new Encoder(r.model(), meta);
                        int[] labels = new int[labelled.size()];
                        long[] ids = new long[labelled.size()];
                        for (int i = 0; i < labelled.size(); i++) {
                            labels[i] = Evaluation.CLASSES.indexOf(labelled.get(i).className());
                            ids[i] = labelled.get(i).targetId();
                        }
                        embeddings.add(new Embedded(kind.label(), zoom, ids, labels, encoder.embed(labelled)));
                    }
                    done++;
                    progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: test macro-F1 %.4f, %d epochs, %.1f s",
                            done, total, id, r.test().macroF1(), r.epochsRun(), r.seconds()));
                }
            }
        }
        return new Outcome(manifest.version(), models, predictions, zooms, embeddings,
                (System.nanoTime() - t0) / 1e9);
    }

    private static Map<String, Integer> counts(Map<Split, List<TargetFeatures>> bySplit) {
        Map<String, Integer> m = new LinkedHashMap<>();
        bySplit.forEach((s, rows) -> m.put(s.label(), rows.size()));
        return m;
    }

    private static Map<String, Map<String, Integer>> perClass(Map<Split, List<TargetFeatures>> bySplit) {
        Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
        bySplit.forEach((s, rows) -> {
            Map<String, Integer> c = new LinkedHashMap<>();
            Evaluation.CLASSES.forEach(k -> c.put(k, 0));
            rows.forEach(r -> c.merge(r.className(), 1, Integer::sum));
            m.put(s.label(), c);
        });
        return m;
    }
}
