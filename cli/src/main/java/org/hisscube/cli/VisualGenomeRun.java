package org.hisscube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.experiments.EmbeddingMaps;
import org.hisscube.experiments.EvaluationPlots;
import org.hisscube.experiments.ReportPage;
import org.hisscube.experiments.ReportPlots;
import org.hisscube.experiments.SeedStatistics;
import org.hisscube.features.TextModality;
import org.hisscube.localstack.LocalStack;
import org.hisscube.vg.RegionExamples;
import org.hisscube.vg.RegionExperiment;
import org.hisscube.vg.RegionModels;
import org.hisscube.vg.RegionSet;
import org.hisscube.vg.RegionTargets;
import org.hisscube.vg.VisualGenomeFixture;
import org.hisscube.vg.VisualGenomeSource;

/**
 * {@code ./hisscube experiment run visual-genome}: the thesis's preliminary image + text experiment on Visual Genome's
 * files (a real download with {@code --vg DIR}, or the generated fixture), through a real local Kafka broker and S3
 * server: regions become targets on a topic with their crops in the store, are read back, featurised (the crop; the
 * text modality), and the image, text and fused models are trained for every seed; the report folder has the same
 * layout and page as the SDSS experiment's.
 */
final class VisualGenomeRun {
    static final String NAME = "visual-genome";
    static final String TOPIC = RegionTargets.TOPIC.name();
    private final PrintStream out = System.out;

    record Options(Path vg, String storePrefix, int images, int categories, int crop, long maxRegions, int seeds,
            int epochs, int patience, int mapPoints, Path folder, Path work, boolean keepWork, String runId) {
    }

    int run(Options o) throws Exception {
        Instant started = Instant.now();
        Map<String, double[]> stages = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        Files.createDirectories(o.folder());
        Files.createDirectories(o.work());
        Path vg = o.vg();
        out.printf(Locale.ROOT, "experiment %s, run %s: image + text on %s, top %d categories, %d seed(s)%n  report → "
                + "%s%n", NAME, o.runId(), o.storePrefix() != null ? "s3 prefix " + o.storePrefix() : vg == null
                ? "the generated Visual Genome fixture (" + o.images() + " images)" : vg, o.categories(), o.seeds(),
                o.folder());
        long t = System.nanoTime();
        if (o.storePrefix() != null) {
            out.println("[1/6] dataset: the object store (HISSCUBE_OBJECT_STORE_*), prefix " + o.storePrefix());
        } else if (vg == null) {
            out.println("[1/6] dataset: writing the fixture in Visual Genome's format (image_data.json, objects.json, "
                    + "region_descriptions.json, VG_100K/*.jpg)");
            vg = o.work().resolve("visual-genome");
            var w = VisualGenomeFixture.write(vg, o.images(), 7);
            out.printf(Locale.ROOT, "      %d images, %d objects, %d region descriptions in %.1f s%n", w.images(),
                    w.objects(), w.regions(), ExperimentCommand.seconds(t));
            ExperimentCommand.put(stages, units, "fixture", ExperimentCommand.seconds(t), w.images(), "images");
            t = System.nanoTime();
        } else {
            out.println("[1/6] dataset: " + vg);
        }
        ObjectStore datasetStore = o.storePrefix() != null ? datasetStore() : null;
        try {
            return run(o, datasetStore != null ? VisualGenomeSource.store(datasetStore, o.storePrefix())
                    : VisualGenomeSource.folder(vg), started, stages, units, t);
        } finally {
            if (datasetStore != null) {
                datasetStore.close();
            }
        }
    }

    private int run(Options o, VisualGenomeSource source, Instant started, Map<String, double[]> stages,
            Map<String, String> units, long t) throws Exception {
        List<String> classes = RegionExamples.topCategories(source, o.categories());
        out.println("      top " + o.categories() + " categories by frequency: " + classes);
        ExperimentCommand.put(stages, units, "categories", ExperimentCommand.seconds(t), classes.size(),
                "categories");

        out.println("[2/6] start: Kafka (KRaft) and the S3 server");
        t = System.nanoTime();
        LocalStack localStack = LocalStack.start(o.work().resolve("stack"), null);
        // Ctrl-C or SIGTERM stops the broker and the S3 server this run started
        Thread hook = new Thread(localStack::close, "visual-genome-down");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LocalStack stack = localStack) {
            ObjectStoreConfig c = stack.objectStoreConfig();
            KafkaConnection kafka = KafkaConnection.plaintext(stack.kafka().bootstrapServers());
            try (ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(),
                    c.secretKey(), "visual-genome", c.region()));
                    Admin admin = Admin.create(kafka.clientConfig())) {
                store.ensureBucket();
                admin.createTopics(List.of(new NewTopic(TOPIC, RegionTargets.TOPIC.partitions(), (short) 1),
                        new NewTopic(RegionTargets.DEAD_LETTERS.name(), 1, (short) 1))).all().get();
                ExperimentCommand.put(stages, units, "start", ExperimentCommand.seconds(t), 2, "processes");

                out.println("[3/6] source: each object region of those categories → its crop (" + o.crop() + "×"
                        + o.crop() + " PNG) in S3, its masked text on " + TOPIC);
                t = System.nanoTime();
                RegionExamples.Counts counts;
                try (var publisher = new RegionTargets.Publisher(kafka, store, o.runId())) {
                    counts = RegionExamples.read(source, classes, o.crop(), o.maxRegions(), e -> {
                        publisher.publish(e);
                        if (publisher.sent() % 500 == 0) {
                            out.println("      " + publisher.sent() + " regions published");
                        }
                    });
                }
                double sourceSeconds = ExperimentCommand.seconds(t);
                ExperimentCommand.put(stages, units, "source", sourceSeconds, counts.kept(), "regions");
                out.printf(Locale.ROOT, "      %d regions from %d images in %.1f s (%d objects of other categories, "
                        + "%d without their image, %d with an unreadable image, %d too small, %d without any "
                        + "description)%n", counts.kept(), counts.images(), sourceSeconds, counts.otherCategory(),
                        counts.noImage(), counts.badImage(), counts.tinyBox(), counts.withoutText());
                counts.problems().forEach(p -> out.println("      skipped: " + p));

                out.println("[4/6] features: the region targets read back from " + TOPIC + " (read_committed), crops "
                        + "from S3, text hashed (unigrams + bigrams, " + TextModality.DEFAULT_DIMENSIONS
                        + " buckets)");
                t = System.nanoTime();
                RegionTargets.Consumed consumed = RegionTargets.consume(kafka, store, counts.kept(),
                        Duration.ofMinutes(5));
                List<RegionExamples.Example> examples = consumed.examples();
                if (consumed.deadLettered() > 0) {
                    out.println("      " + consumed.deadLettered() + " region target(s) dead-lettered to "
                            + RegionTargets.DEAD_LETTERS.name());
                }
                TextModality text = new TextModality();
                List<RegionSet> sets = RegionSet.split(examples, classes, text);
                ExperimentCommand.put(stages, units, "features", ExperimentCommand.seconds(t), examples.size(),
                        "regions");
                out.printf(Locale.ROOT, "      train %d, validation %d, test %d regions (split by image id)%n",
                        sets.get(0).size(), sets.get(1).size(), sets.get(2).size());

                out.println("[5/6] train: image, text and fused models, " + o.seeds() + " seed(s), at most "
                        + o.epochs() + " epochs, early stopping after " + o.patience());
                t = System.nanoTime();
                Map<RegionModels.Kind, float[][]> embeddings = new LinkedHashMap<>();
                List<RegionExperiment.Run> runs = RegionExperiment.train(sets.get(0), sets.get(1), sets.get(2),
                        new RegionExperiment.Settings(o.seeds(), 1, o.epochs(), o.patience(), 32, o.mapPoints()),
                        o.runId(), o.folder().resolve("models"), line -> out.println("      " + line), embeddings);
                ExperimentCommand.put(stages, units, "training", ExperimentCommand.seconds(t), runs.size(), "models");

                out.println("[6/6] report: t-SNE maps and clustering of each embedding, plots, results.json, "
                        + "index.html");
                t = System.nanoTime();
                List<EmbeddingMaps.Scores> clustering = RegionExperiment.maps(embeddings, sets.get(2), o.mapPoints(),
                        1, o.folder());
                ExperimentCommand.put(stages, units, "maps", ExperimentCommand.seconds(t), embeddings.size(),
                        "embeddings");
                Map<String, Object> report = report(o, started, source, classes, counts, sets, runs, clustering, stages,
                        units, sourceSeconds);
                printSummary(runs, classes);
                boolean beats = RegionExperiment.fusedBeatsBoth(RegionExperiment.spreads(runs));
                out.println("  fused beats both single modalities by more than the seed spread: "
                        + (beats ? "yes" : "no"));
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
                        o.folder().resolve("results.json").toFile(), report);
                Files.writeString(o.folder().resolve("index.html"), ReportPage.render(new ObjectMapper()
                        .readTree(o.folder().resolve("results.json").toFile())));
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
            if (!o.keepWork()) {
                Folders.deleteRecursively(o.work());
            }
        }
        out.println();
        out.println("Report: " + o.folder().resolve("index.html"));
        return 0;
    }

    /** The object store holding a Visual Genome download: HISSCUBE_OBJECT_STORE_ENDPOINT, _ACCESS_KEY, _SECRET_KEY,
     * _BUCKET (and _REGION) in the environment, as every service takes it. */
    static ObjectStore datasetStore() {
        String endpoint = System.getenv("HISSCUBE_OBJECT_STORE_ENDPOINT");
        String access = System.getenv("HISSCUBE_OBJECT_STORE_ACCESS_KEY");
        String secret = System.getenv("HISSCUBE_OBJECT_STORE_SECRET_KEY");
        String bucket = System.getenv("HISSCUBE_OBJECT_STORE_BUCKET");
        if (endpoint == null || access == null || secret == null || bucket == null) {
            throw new org.hisscube.vg.VisualGenomeException("--vg-store needs HISSCUBE_OBJECT_STORE_ENDPOINT, "
                    + "HISSCUBE_OBJECT_STORE_ACCESS_KEY, HISSCUBE_OBJECT_STORE_SECRET_KEY and "
                    + "HISSCUBE_OBJECT_STORE_BUCKET in the environment");
        }
        String region = System.getenv().getOrDefault("HISSCUBE_OBJECT_STORE_REGION", "us-east-1");
        return new S3ObjectStore(new ObjectStoreConfig(endpoint, access, secret, bucket, region));
    }

    private void printSummary(List<RegionExperiment.Run> runs, List<String> classes) {
        out.println();
        out.println("  model     seeds  macro-F1 mean    sd     min     max   per-class F1 (mean) " + classes);
        RegionExperiment.spreads(runs).forEach((kind, s) -> {
            StringBuilder per = new StringBuilder();
            for (int j = 0; j < classes.size(); j++) {
                final int c = j;
                per.append(String.format(Locale.ROOT, " %.3f", runs.stream().filter(r -> r.kind() == kind)
                        .mapToDouble(r -> r.test().f1()[c]).average().orElse(Double.NaN)));
            }
            out.printf(Locale.ROOT, "  %-8s %6d  %12.3f  %6.3f  %6.3f  %6.3f  %s%n", kind.label(), s.n(), s.mean(),
                    s.sd(), s.min(), s.max(), per);
        });
    }

    private Map<String, Object> report(Options o, Instant started, VisualGenomeSource source, List<String> classes,
            RegionExamples.Counts counts, List<RegionSet> sets, List<RegionExperiment.Run> runs,
            List<EmbeddingMaps.Scores> clustering, Map<String, double[]> stages, Map<String, String> units,
            double sourceSeconds) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> exp = new LinkedHashMap<>();
        exp.put("name", NAME);
        exp.put("run_id", o.runId());
        exp.put("description", "The thesis's preliminary multi-modal experiment: object-category classification of "
                + "Visual Genome regions (the top " + classes.size() + " categories) from the image crop only, the "
                + "region descriptions only, and both fused, on the same regions and splits. Annotated regions stand "
                + "in for sky cutouts, their descriptions for spectra.");
        exp.put("started", started.toString());
        exp.put("finished", Instant.now().toString());
        exp.put("code_version", ExperimentCommand.codeVersion());
        exp.put("command", "./hisscube experiment run " + NAME + (o.storePrefix() != null ? " --vg-store "
                + o.storePrefix() : o.vg() == null ? " --images " + o.images() : " --vg " + o.vg()) + " --categories " + o.categories() + " --crop " + o.crop() + " --seeds "
                + o.seeds() + " --epochs " + o.epochs() + " --patience " + o.patience() + (o.maxRegions() > 0
                ? " --max-regions " + o.maxRegions() : ""));
        exp.put("objects", counts.kept());
        exp.put("machine", ExperimentCommand.machine());
        r.put("experiment", exp);
        List<String> notes = new ArrayList<>();
        notes.add("Label masking: every word of the " + classes.size() + " category names, of the object's own "
                + "names and of its synsets' lemmas (and their plurals in -s/-es) is replaced by [mask] in the text, "
                + "which the text modality then drops; without it the text would name the class.");
        notes.add("Text of a region: the phrases of the region descriptions whose box overlaps the object's with an "
                + "intersection over union of at least " + RegionExamples.MIN_IOU + "; " + counts.withoutText()
                + " of " + counts.kept() + " regions had none (their text vector is zero).");
        if (o.vg() == null && o.storePrefix() == null) {
            notes.add("Data: the generated fixture in Visual Genome's exact format. The image shows the shape (disc, "
                    + "square; " + Math.round(VisualGenomeFixture.AMBIGUOUS_SHAPE * 100) + " % drawn ambiguous), the "
                    + "text says toy or kitchen (" + Math.round(VisualGenomeFixture.NEUTRAL_TEXT * 100) + " % say "
                    + "neither): each modality alone separates two of the four categories, both together all four.");
        }
        boolean beats = RegionExperiment.fusedBeatsBoth(RegionExperiment.spreads(runs));
        notes.add("Fused beats both single modalities by more than the seed spread (mean difference above the larger "
                + "standard deviation over seeds, and fused's worst seed above the other's best): "
                + (beats ? "yes" : "no") + ".");
        r.put("notes", notes);
        r.put("classes", classes);
        r.put("fused_beats_both_beyond_seed_spread", beats);

        List<Map<String, Object>> summary = new ArrayList<>();
        RegionExperiment.spreads(runs).forEach((kind, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind.label());
            m.put("modality", kind == RegionModels.Kind.FUSED ? "multi" : kind.label());
            m.put("zoom", 0);
            m.put("seeds", s.n());
            m.put("macro_f1_mean", s.mean());
            m.put("macro_f1_sd", s.sd());
            m.put("macro_f1_min", s.min());
            m.put("macro_f1_max", s.max());
            List<RegionExperiment.Run> mine = runs.stream().filter(x -> x.kind() == kind).toList();
            Map<String, Double> per = new LinkedHashMap<>();
            for (int j = 0; j < classes.size(); j++) {
                final int c = j;
                per.put(classes.get(j), mine.stream().mapToDouble(x -> x.test().f1()[c]).average().orElse(0));
            }
            m.put("per_class_f1_mean", per);
            m.put("train_seconds_mean", mine.stream().mapToDouble(RegionExperiment.Run::trainSeconds).average()
                    .orElse(0));
            m.put("inference_seconds_mean", mine.stream().mapToDouble(RegionExperiment.Run::inferenceSeconds)
                    .average().orElse(0));
            m.put("parameters", mine.get(0).parameters());
            summary.add(m);
        });
        r.put("summary", summary);
        List<Map<String, Object>> comparisons = new ArrayList<>();
        var spreads = RegionExperiment.spreads(runs);
        for (RegionModels.Kind single : List.of(RegionModels.Kind.IMAGE, RegionModels.Kind.TEXT)) {
            SeedStatistics.Spread f = spreads.get(RegionModels.Kind.FUSED);
            SeedStatistics.Spread s = spreads.get(single);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("a", "fused");
            m.put("b", single.label());
            m.put("zoom", 0);
            m.put("seeds", f.n());
            m.put("mean_diff", f.mean() - s.mean());
            m.put("seed_spread", Math.max(f.sd(), s.sd()));
            m.put("verdict", f.mean() - s.mean() > Math.max(f.sd(), s.sd()) && f.min() > s.max() ? "fused better"
                    : "within the seed spread");
            comparisons.add(m);
        }
        r.put("comparisons", comparisons);
        r.put("clustering", clustering);

        List<Map<String, Object>> models = new ArrayList<>();
        for (RegionExperiment.Run run : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model_id", run.modelId());
            m.put("modality", run.kind() == RegionModels.Kind.FUSED ? "fused" : run.kind().label());
            m.put("kind", run.kind().label());
            m.put("zoom", 0);
            m.put("seed", run.seed());
            m.put("macro_f1", run.test().macroF1());
            Map<String, Double> per = new LinkedHashMap<>();
            for (int j = 0; j < classes.size(); j++) {
                per.put(classes.get(j), run.test().f1()[j]);
            }
            m.put("per_class_f1", per);
            m.put("classes", classes);
            m.put("confusion", run.test().confusion());
            m.put("accuracy", run.test().accuracy());
            m.put("train_seconds", run.trainSeconds());
            m.put("inference_seconds", run.inferenceSeconds());
            m.put("epochs_run", run.epochsRun());
            m.put("best_epoch", run.bestEpoch());
            m.put("validation_macro_f1", run.validationMacroF1());
            m.put("parameters", run.parameters());
            m.put("model_bytes", Files.size(o.folder().resolve("models").resolve(run.modelId() + ".zip")));
            m.put("test_targets", run.test().n());
            m.put("model_file", "models/" + run.modelId() + ".zip");
            models.add(m);
        }
        r.put("models", models);
        r.put("confusion_order", "rows = true category, columns = predicted, categories in the order of \"classes\"");

        Map<String, Object> stageMap = new LinkedHashMap<>();
        stages.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", v[0]);
            m.put("items", (long) v[1]);
            m.put("unit", units.get(k));
            m.put("per_second", v[0] > 0 ? v[1] / v[0] : null);
            stageMap.put(k, m);
        });
        r.put("stages", stageMap);
        double perRegion = (sourceSeconds + stages.get("features")[0]) / Math.max(1, counts.kept());
        r.put("cost_per_10k_regions", Map.of("source_and_features_seconds", perRegion * 10_000,
                "statement", String.format(Locale.ROOT, "Reading, cropping, publishing and featurising cost %.1f s per "
                        + "10,000 regions on this machine (training comes on top and grows with the epochs).",
                        perRegion * 10_000)));
        r.put("scalability", Map.of("statement", String.format(Locale.ROOT, "Source and features: %.1f s per 10,000 "
                + "regions on this machine (%d cores).", perRegion * 10_000,
                Runtime.getRuntime().availableProcessors())));

        List<Map<String, Object>> plots = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("macro-F1 (mean over seeds)", summary.stream().map(m -> (Double) m.get("macro_f1_mean")).toList());
        ReportPlots.bars("Test macro-F1 by modality", "model", "macro-F1", summary.stream()
                .map(m -> (String) m.get("kind")).toList(), bars, false, o.folder().resolve("macro-f1.png"));
        plots.add(plot("comparison", "macro-f1.png", "Test macro-F1 of the image, text and fused models (mean over "
                + "seeds)."));
        for (RegionExperiment.Run run : runs.stream().filter(x -> x.seed() == 1).toList()) {
            String file = "confusion-" + run.kind().label() + ".png";
            EvaluationPlots.confusion(run.test(), classes, run.kind().label() + " model, seed 1",
                    o.folder().resolve(file));
            plots.add(plot("confusion", file, "Confusion matrix of the " + run.kind().label() + " model, seed 1."));
        }
        for (var s : clustering) {
            plots.add(plot("maps", "tsne-" + s.kind() + ".png", "t-SNE of the " + s.kind() + " model's embedding "
                    + "on the test split, coloured by category."));
        }
        r.put("plots", plots);
        r.put("tables", List.of());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("categories", o.categories());
        spec.put("crop", o.crop());
        spec.put("text_dimensions", TextModality.DEFAULT_DIMENSIONS);
        spec.put("seeds", o.seeds());
        spec.put("epochs", o.epochs());
        spec.put("patience", o.patience());
        spec.put("batch", 32);
        spec.put("map_points", o.mapPoints());
        spec.put("max_regions", o.maxRegions());
        r.put("spec", spec);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("visual_genome", source.describe() + (o.vg() == null && o.storePrefix() == null ? " (the fixture, "
                + o.images() + " images, seed 7)" : ""));
        data.put("regions", counts.kept());
        data.put("split", Map.of("train", sets.get(0).size(), "validation", sets.get(1).size(), "test",
                sets.get(2).size()));
        data.put("counts", counts);
        data.put("topic", TOPIC);
        data.put("crop_keys", "vg/" + o.runId() + "/crops/<image_id>/<object_id>.png");
        r.put("data", data);
        return r;
    }

    private static Map<String, Object> plot(String section, String file, String caption) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("section", section);
        m.put("file", file);
        m.put("caption", caption);
        return m;
    }
}
