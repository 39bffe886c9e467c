package org.hisscube.cli;

import org.hisscube.experiments.EvaluationPlots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.features.Featurizer;
import org.hisscube.features.Split;
import org.hisscube.features.TargetFeatures;
import org.hisscube.learning.Encoder;
import org.hisscube.learning.ModalityModels;
import org.hisscube.learning.ModalityTraining;
import org.hisscube.learning.SimulatedTargets;
import org.hisscube.learning.TensorSet;
import org.hisscube.science.cube.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hisscube train modalities}: the image, spectrum, photometry and fused networks on the targets of a
 * simulated survey at one zoom, trained on the train split, early-stopped on validation, scored on test.
 */
@Command(name = "modalities", mixinStandardHelpOptions = true,
        description = "Simulate a survey, build its targets, featurise them at one zoom, and train and score the "
                + "image, spectrum, photometry and fused Deeplearning4j models on the fixed target-id split.")
final class TrainModalitiesCommand implements Callable<Integer> {
    @Option(names = "--objects", defaultValue = "400", description = "simulated objects (default ${DEFAULT-VALUE})")
    int objects;

    @Option(names = "--zoom", defaultValue = "2", description = "zoom 0-3 (default ${DEFAULT-VALUE}: 16 × 16 cutouts)")
    int zoom;

    @Option(names = "--epochs", defaultValue = "30", description = "at most (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--patience", defaultValue = "6", description = "epochs without a better validation macro-F1 "
            + "before stopping (default ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--seed", defaultValue = "1", description = "simulation and training seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "folder for the models (one folder each: model.zip + model.json, as in the "
            + "registry) and results.json (default: work/models/modalities)")
    Path out;

    @Option(names = "--models", split = ",", defaultValue = "photometry,spectrum,image,fused",
            description = "which models (default ${DEFAULT-VALUE})")
    List<String> models;

    @Override
    public Integer call() throws Exception {
        Path folder = out != null ? out : RepoLayout.root().resolve("work/models/modalities");
        Files.createDirectories(folder);
        Path work = Files.createTempDirectory("hisscube-train-");
        try {
            System.out.printf(Locale.ROOT, "[1/3] simulating %d objects (seed %d) and building their targets%n",
                    objects, seed);
            List<Target> targets = SimulatedTargets.simulateAndBuild(RepoLayout.root().resolve("data"), work,
                    objects, seed, zoom + 1, line -> System.out.println("      " + line));
            System.out.printf(Locale.ROOT, "[2/3] featurising %d targets at zoom %d%n", targets.size(), zoom);
            Featurizer featurizer = Featurizer.sdss();
            Map<Split, List<TargetFeatures>> bySplit = new LinkedHashMap<>();
            for (Split s : Split.values()) {
                bySplit.put(s, new ArrayList<>());
            }
            for (Target t : targets) {
                TargetFeatures f = featurizer.derive(t, 1, List.of(zoom)).get(0);
                bySplit.get(f.split()).add(f);
            }
            TensorSet.Standardiser st = TensorSet.Standardiser.fit(bySplit.get(Split.TRAIN));
            TensorSet train = TensorSet.of(bySplit.get(Split.TRAIN), st);
            TensorSet validation = TensorSet.of(bySplit.get(Split.VALIDATION), st);
            TensorSet test = TensorSet.of(bySplit.get(Split.TEST), st);
            System.out.printf(Locale.ROOT, "      %d train, %d validation, %d test targets%n", train.size(),
                    validation.size(), test.size());
            System.out.println("[3/3] training");
            List<ModalityTraining.Result> results = new ArrayList<>();
            for (String m : models) {
                ModalityModels.Kind kind = ModalityModels.Kind.valueOf(m.trim().toUpperCase(Locale.ROOT));
                ModalityTraining.Result r = ModalityTraining.train(kind, train, validation, test,
                        new ModalityTraining.Settings(epochs, 32, patience, seed), line -> System.out.println(
                                "      " + line));
                String id = kind.label() + "-z" + zoom;
                Encoder.save(folder.resolve(id), r.model(), new Encoder.Metadata(id, kind.label(), zoom, 0, seed,
                        st.mean(), st.scale(), Map.of("validation", r.validation().toMap(), "test",
                                r.test().toMap()), null));
                results.add(r);
            }
            print(results, test.size());
            Map<String, Double> f1 = new LinkedHashMap<>();
            for (ModalityTraining.Result r : results) {
                f1.put(r.kind().label(), r.test().macroF1());
                EvaluationPlots.confusion(r.test(), r.kind().label() + ", zoom " + zoom + " (simulated survey, test "
                        + "split)", folder.resolve("confusion-" + r.kind().label() + "-z" + zoom + ".png"));
            }
            EvaluationPlots.macroF1(f1, "test macro-F1 per model, zoom " + zoom, folder.resolve("macro-f1-z" + zoom
                    + ".png"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("objects", objects);
            json.put("seed", seed);
            json.put("zoom", zoom);
            json.put("targets", Map.of("train", train.size(), "validation", validation.size(), "test", test.size()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ModalityTraining.Result r : results) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", r.kind().label());
                row.put("parameters", r.parameters());
                row.put("epochs_run", r.epochsRun());
                row.put("best_epoch", r.bestEpoch());
                row.put("train_samples_per_s", r.trainSamplesPerSecond());
                row.put("inference_samples_per_s", r.inferenceSamplesPerSecond());
                row.put("validation", r.validation().toMap());
                row.put("test", r.test().toMap());
                rows.add(row);
            }
            json.put("models", rows);
            Files.writeString(folder.resolve("results.json"), JsonOut.format(json));
            System.out.println("models, results.json and the plots (confusion-*.png, macro-f1-z" + zoom + ".png) "
                    + "written to " + folder);
            return 0;
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void print(List<ModalityTraining.Result> results, int testSize) {
        System.out.println();
        System.out.printf(Locale.ROOT, "  zoom %d, %d test targets (simulated survey, seed %d)%n", zoom, testSize, seed);
        System.out.println("  model       macro-F1  accuracy  F1 GALAXY  F1 QSO  F1 STAR  epochs  params  train/s");
        for (ModalityTraining.Result r : results) {
            System.out.printf(Locale.ROOT, "  %-10s  %8.3f  %8.3f  %9.3f  %6.3f  %7.3f  %6d  %6d  %7.0f%n",
                    r.kind().label(), r.test().macroF1(), r.test().accuracy(), r.test().f1()[0], r.test().f1()[1],
                    r.test().f1()[2], r.bestEpoch(), r.parameters(), r.trainSamplesPerSecond());
        }
    }
}
