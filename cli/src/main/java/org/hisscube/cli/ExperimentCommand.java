package org.hisscube.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.experiments.ExperimentException;
import org.hisscube.experiments.ExperimentReport;
import org.hisscube.experiments.ExperimentSpec;
import org.hisscube.experiments.GrowthFit;
import org.hisscube.experiments.ReportPlots;
import org.hisscube.features.Featurizer;
import org.hisscube.features.ShardStore;
import org.hisscube.learning.AnchorForest;
import org.hisscube.learning.Evaluation;
import org.hisscube.learning.LabelledCatalog;
import org.hisscube.learning.PhotometryModel;
import org.hisscube.learning.PhotometryTraining;
import org.hisscube.localstack.LocalStack;
import org.hisscube.localstack.SasLayout;
import org.hisscube.science.cube.Target;
import org.hisscube.simulator.SimulationOptions;
import org.hisscube.simulator.SurveySimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hisscube experiment run|list|show}: the thesis's experiments through the services, as one report. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run a named experiment through the services (simulate, fetch, cube, features, train, evaluate) "
                + "and write its report; list the reports; show one.",
        subcommands = {ExperimentCommand.Run.class, ExperimentCommand.ListRuns.class, ExperimentCommand.Show.class})
final class ExperimentCommand implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The F star of the bundled field: the real target the report pictures. */
    static final long FSTAR = 4657128951L;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static Path experimentsRoot() {
        return RepoLayout.root().resolve("work/experiments");
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Simulate a survey of --objects objects, serve it with the bundled real field from a SAS "
                    + "mirror, start a local Kafka broker, S3 server and the five services, import both catalogs "
                    + "through the fetcher and follow them through cube and features; then the trainer-service "
                    + "trains and evaluates every model kind at every zoom once per seed (POST "
                    + "/api/experiments/NAME/runs) and writes the learning part of the report; this command adds "
                    + "the stage timings, scalability across the runs of NAME, and the real-data section, and stops "
                    + "what it started.",
                "Exit codes: 0 report written; 2 a service did not start; 3 the pipeline did not finish in time; "
                    + "4 the trainer-service's run failed; 1 anything else (the message says what)."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "experiment name (a-z, 0-9, '-')")
        String name;

        @Option(names = "--objects", defaultValue = "400", description = "simulated objects (default "
                + "${DEFAULT-VALUE}); the bundled real field comes on top")
        int objects;

        @Option(names = "--seeds", defaultValue = "3", description = "training seeds per model kind and zoom "
                + "(default ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--zooms", split = ",", defaultValue = "2", description = "zooms to train at, e.g. 0,1,2,3 "
                + "(default ${DEFAULT-VALUE})")
        List<Integer> zooms;

        @Option(names = "--out", description = "report folder (default work/experiments/NAME/RUN_ID)")
        Path outDir;

        @Option(names = "--kinds", split = ",", description = "model kinds (default image,spectrum,photometry,"
                + "image_photometry,fused)")
        List<String> kinds;

        @Option(names = "--epochs", defaultValue = "30", description = "at most (default ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--patience", defaultValue = "6", description = "early-stopping patience (default "
                + "${DEFAULT-VALUE})")
        int patience;

        @Option(names = "--seed", defaultValue = "1", description = "simulator seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--per-field", defaultValue = "8", description = "simulated objects per field (default "
                + "${DEFAULT-VALUE})")
        int perField;

        @Option(names = "--map-points", defaultValue = "2000", description = "targets per t-SNE map at most "
                + "(default ${DEFAULT-VALUE}; exact t-SNE is O(n²))")
        int mapPoints;

        @Option(names = "--real-anchor-trees", defaultValue = "30", description = "trees of the anchor's random "
                + "forest trained on the real catalogs' split next to XGBoost; 0 skips it (default ${DEFAULT-VALUE}, "
                + "about 5 s per tree here)")
        int anchorTrees;

        @Option(names = "--no-compare", description = "skip the simulated-vs-real comparison plots")
        boolean noCompare;

        @Option(names = "--dir", description = "working folder of the local stack (default: a new folder under "
                + ".hisscube/experiments)")
        Path dir;

        @Option(names = "--keep-work", description = "keep the working folder (broker, S3 data, logs) afterwards")
        boolean keepWork;

        @Option(names = "--base-port", defaultValue = "18181", description = "first HTTP port of the five services "
                + "(default ${DEFAULT-VALUE}: beside a running ./hisscube up on 8081)")
        int basePort;

        @Option(names = "--timeout-minutes", defaultValue = "0", description = "give up on the pipeline after this "
                + "long (default: 10 min + 3 s per file)")
        int timeoutMinutes;

        @Option(names = "--vg", description = "visual-genome only: a Visual Genome folder (image_data.json, "
                + "objects.json, region_descriptions.json, .json.gz too, and VG_100K*/); default: the generated fixture")
        Path vg;

        @Option(names = "--vg-store", paramLabel = "PREFIX", description = "visual-genome only: a Visual Genome "
                + "download in the object store under PREFIX (same layout; HISSCUBE_OBJECT_STORE_ENDPOINT, _ACCESS_KEY, "
                + "_SECRET_KEY, _BUCKET in the environment)")
        String vgStore;

        @Option(names = "--images", defaultValue = "400", description = "visual-genome only: images of the generated "
                + "fixture (default ${DEFAULT-VALUE})")
        int images;

        @Option(names = "--categories", defaultValue = "4", description = "visual-genome only: the top-k object "
                + "categories to classify (default ${DEFAULT-VALUE})")
        int categories;

        @Option(names = "--crop", defaultValue = "24", description = "visual-genome only: side of the resized region "
                + "crop in pixels (default ${DEFAULT-VALUE})")
        int crop;

        @Option(names = "--max-regions", defaultValue = "0", description = "visual-genome only: stop after this many "
                + "regions (default 0: all)")
        long maxRegions;

        private final PrintStream out = System.out;

        @Override
        public Integer call() throws Exception {
            Instant started = Instant.now();
            String runId = DateTimeFormatter.ofPattern("'r'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
            if (VisualGenomeRun.NAME.equals(name)) {
                if (seeds < 1 || seeds > 20 || categories < 2 || categories > 1000 || images < 1 || epochs < 1
                        || patience < 1 || crop < 8 || crop > 256) {
                    System.err.println("experiment run visual-genome: --seeds 1..20, --categories 2..1000, --images "
                            + "≥ 1, --epochs ≥ 1, --patience ≥ 1 and --crop 8..256");
                    return 1;
                }
                if (vg != null && !Files.isDirectory(vg)) {
                    System.err.println("experiment run visual-genome: --vg " + vg + " is not a folder");
                    return 1;
                }
                Path folder = (outDir != null ? outDir : experimentsRoot().resolve(name).resolve(runId))
                        .toAbsolutePath();
                Path work = (dir != null ? dir : RepoLayout.root().resolve(".hisscube/experiments")
                        .resolve(name + "-" + runId)).toAbsolutePath();
                if (vg != null && vgStore != null) {
                    System.err.println("experiment run visual-genome: give --vg or --vg-store, not both");
                    return 1;
                }
                if (!claimWorkFolder(work)) {
                    return 1;
                }
                return new VisualGenomeRun().run(new VisualGenomeRun.Options(vg == null ? null : vg.toAbsolutePath(),
                        vgStore, images, categories, crop, maxRegions, seeds, epochs, patience, mapPoints, folder, work,
                        keepWork, runId));
            }
            List<Integer> z = zooms;
            ExperimentSpec spec;
            try {
                spec = new ExperimentSpec(name, runId, seeds, 1, z, kinds != null ? kinds : ExperimentSpec.ALL_KINDS,
                        epochs, patience, z.get(0), mapPoints, 2000);
                new SimulationOptions(objects, seed, Path.of("."), perField, 1, true, 1, Path.of("."));
            } catch (ExperimentException | org.hisscube.simulator.SimulatorException e) {
                System.err.println("experiment run: " + e.getMessage());
                return 1;
            }
            Path root = RepoLayout.root();
            Path folder = (outDir != null ? outDir : experimentsRoot().resolve(name).resolve(runId)).toAbsolutePath();
            Path work = (dir != null ? dir : root.resolve(".hisscube/experiments").resolve(name + "-" + runId))
                    .toAbsolutePath();
            if (!claimWorkFolder(work)) {
                return 1;
            }
            Files.createDirectories(folder);
            Map<String, double[]> stages = new LinkedHashMap<>(); // stage -> {seconds, items}
            Map<String, String> units = new LinkedHashMap<>();

            out.printf(Locale.ROOT, "experiment %s, run %s: %d simulated objects + the real field, %d seed(s), zooms %s"
                    + "%n  report → %s%n", name, runId, objects, seeds, z, folder);
            out.println("[1/7] simulate: the survey into a SAS mirror next to the bundled real field");
            Path sasRoot = work.resolve("sas");
            SasLayout.mirror(root.resolve("data/sdss-sample"), sasRoot);
            long t = System.nanoTime();
            SurveySimulator.Summary sim = SurveySimulator.fromData(root.resolve("data")).run(new SimulationOptions(
                    objects, seed, sasRoot, perField, 1, true, Runtime.getRuntime().availableProcessors(),
                    root.resolve("data")), line -> out.println("      " + line));
            Path simDir = Files.createDirectories(work.resolve("simulated"));
            Path catalog = Files.move(sim.catalog(), simDir.resolve("simulated-catalog.csv"));
            Path manifest = Files.move(sim.manifest(), simDir.resolve("manifest.json"));
            put(stages, units, "simulate", seconds(t), objects, "objects");
            out.printf(Locale.ROOT, "      %d frames + %d spectra in %.1f s%n", sim.frames(), sim.spectra(), seconds(t));

            out.println("[2/7] start: Kafka (KRaft), the S3 server and the five services");
            t = System.nanoTime();
            LocalStack stack = LocalStack.start(work.resolve("stack"), sasRoot);
            LocalServices services;
            try {
                services = LocalServices.start(stack, basePort, work.resolve("logs"), Map.of(
                        // the continuous loop stays idle: this run's training is the experiment's, over REST
                        "trainer-service", Map.of("HISSCUBE_TRAINER_MIN_TRAIN_TARGETS", "1000000000"),
                        "feature-service", Map.of("HISSCUBE_FEATURES_ZOOMS", join(z))),
                        Map.of("cube-service", "1g", "feature-service", "1g", "trainer-service", "4g"));
            } catch (IOException | RuntimeException e) {
                stack.close();
                throw e;
            }
            Thread hook = new Thread(() -> {
                services.close();
                stack.close();
            }, "experiment-down");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Map<String, String> health = services.awaitHealthy(Duration.ofSeconds(240),
                        line -> out.println("      " + line));
                if (health.containsValue("DOWN")) {
                    out.println("Not every service became healthy: " + health + "; logs in " + work.resolve("logs"));
                    return 2;
                }
                put(stages, units, "startup", seconds(t), LocalServices.SERVICES.length, "services");
                int code = pipeline(spec, stack, services, catalog, sim, stages, units, work, folder);
                if (code != 0) {
                    return code;
                }
                realData(folder, stack, stages, units, manifest);
                finish(spec, folder, started, stages, units, sim, work);
                return 0;
            } finally {
                Runtime.getRuntime().removeShutdownHook(hook);
                services.close();
                stack.close();
                if (!keepWork) {
                    Folders.deleteRecursively(work);
                }
            }
        }

        /** Stages 3-6: import, follow fetch → cube → features, then the trainer-service's run; downloads its report. */
        /**
         * Makes {@code work} this run's working folder: refused when it holds anything but an earlier run's work
         * (no marker), otherwise wiped, created and marked. The run deletes it at the end unless --keep-work, so a
         * folder of the user's must never get past here.
         */
        private static boolean claimWorkFolder(Path work) throws IOException {
            Path marker = work.resolve(".hisscube-experiment-work");
            try (var existing = Files.exists(work) ? Files.list(work) : java.util.stream.Stream.<Path>empty()) {
                if (existing.findAny().isPresent() && !Files.exists(marker)) {
                    System.err.println("experiment run: --dir " + work + " is not empty and not an experiment's "
                            + "working folder; give an empty or new folder");
                    return false;
                }
            }
            Folders.deleteRecursively(work);
            Files.createDirectories(work);
            Files.writeString(marker, "working folder of ./hisscube experiment run; deleted afterwards unless "
                    + "--keep-work\n");
            return true;
        }

        private int pipeline(ExperimentSpec spec, LocalStack stack, LocalServices services, Path catalog,
                SurveySimulator.Summary sim, Map<String, double[]> stages, Map<String, String> units, Path work,
                Path folder) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            out.println("[3/7] import: the real field's catalog and the simulated one through the fetcher");
            int wanted = 0;
            int expectedTargets = 0;
            long t0 = System.nanoTime();
            for (Path c : List.of(RepoLayout.root().resolve("data/demo/fstar-field.csv"), catalog)) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + services.port("fetcher-service") + "/api/catalog-imports?name=" + c.getFileName()))
                        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(c)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    out.println("  catalog import of " + c + " failed: HTTP " + r.statusCode() + " " + r.body());
                    return 3;
                }
                JsonNode a = JSON.readTree(r.body());
                wanted += a.get("framesRequested").asInt() + a.get("spectraRequested").asInt();
                expectedTargets += distinctObjects(c);
                out.printf(Locale.ROOT, "      %s: %d rows → %d frames + %d spectra requested%n", c.getFileName(),
                        a.get("rowsRead").asInt(), a.get("framesRequested").asInt(),
                        a.get("spectraRequested").asInt());
            }
            out.println("[4/7] follow: files fetched → calibrated into cube segments → targets linked → featurised");
            long limit = timeoutMinutes > 0 ? timeoutMinutes * 60L : 600 + 3L * wanted;
            long deadline = System.nanoTime() + Duration.ofSeconds(limit).toNanos();
            Follow f = new Follow();
            try (S3ObjectStore store = new S3ObjectStore(stack.objectStoreConfig())) {
                ShardStore shards = new ShardStore(store, Files.createDirectories(work.resolve("manifest-scratch")),
                        List.of(0, 1, 2, 3), List.of("image", "spectrum", "photometry"));
                String shown = "";
                while (System.nanoTime() < deadline && !f.featuresDone) {
                    f.poll(http, services, shards, wanted, expectedTargets, t0);
                    String line = String.format(Locale.ROOT, "      fetch [%s] %d/%d files%s   cube [%s] %d/%d "
                            + "files, %d/%d targets   features [%s] %d/%d targets", bar(f.stored, wanted), f.stored,
                            wanted, f.fetchRefused > 0 ? " (" + f.fetchRefused + " dead-lettered)" : "",
                            bar(f.ingested, wanted), f.ingested, wanted, f.built, expectedTargets,
                            bar(f.featurised, Math.max(1, f.built)), f.featurised, f.built);
                    if (!line.equals(shown)) {
                        out.println(line);
                        shown = line;
                    }
                    Thread.sleep(1000);
                }
            }
            if (!f.featuresDone) {
                out.printf(Locale.ROOT, "The pipeline did not finish in %d s (fetch %d/%d, cube %d/%d, features %d/%d "
                        + "targets); see the service logs in %s (--keep-work keeps them, --timeout-minutes waits "
                        + "longer)%n", limit, f.stored, wanted, f.ingested, wanted, f.featurised, f.built,
                        work.resolve("logs"));
                return 3;
            }
            put(stages, units, "fetch", f.fetchDone - f.fetchFirst, f.stored, "files");
            put(stages, units, "cube", f.cubeDone - f.cubeFirst, f.ingested, "files");
            if (f.fetchRefused + f.cubeRefused > 0) {
                out.printf(Locale.ROOT, "      dead letters: %d fetch requests, %d raw files (the fetcher and cube logs say "
                        + "why)%n", f.fetchRefused, f.cubeRefused);
            }
            put(stages, units, "features", f.featuresDoneAt - f.featuresFirst, f.featurised, "targets");
            put(stages, units, "ingest_end_to_end", f.featuresDoneAt, f.featurised, "targets");
            out.printf(Locale.ROOT, "      all stored after %.0f s, calibrated after %.0f s, %d targets featurised "
                    + "after %.0f s (manifest v%d)%n", f.fetchDone, f.cubeDone, f.featurised, f.featuresDoneAt,
                    f.manifestVersion);

            out.println("[5/7] train + evaluate: POST /api/experiments/" + spec.name() + "/runs on the trainer-service");
            String base = "http://127.0.0.1:" + services.port("trainer-service") + "/api/experiments/" + spec.name()
                    + "/runs";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run_id", spec.runId());
            body.put("seeds", spec.seeds());
            body.put("seed0", spec.seed0());
            body.put("zooms", spec.zooms());
            body.put("kinds", spec.kinds());
            body.put("epochs", spec.epochs());
            body.put("patience", spec.patience());
            body.put("map_zoom", spec.mapZoom());
            body.put("map_points", spec.mapPoints());
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                out.println("  the trainer-service refused the run: HTTP " + started.statusCode() + " "
                        + started.body());
                return 4;
            }
            long printed = 0;
            JsonNode state = null;
            long trainStart = System.nanoTime();
            // generous: an hour plus 20 minutes per model (a zoom-0 fused model on 1,000 targets takes ~10 min here)
            long trainDeadline = trainStart + Duration.ofMinutes(60 + 20L * spec.seeds() * spec.zooms().size()
                    * spec.kinds().size()).toNanos();
            while (System.nanoTime() < trainDeadline) {
                Thread.sleep(2000);
                JsonNode now = Follow.get(http, services.port("trainer-service"), "/api/experiments/" + spec.name()
                        + "/runs/" + spec.runId());
                if (now == null) {
                    continue; // a slow answer: ask again
                }
                state = now;
                List<String> lines = new ArrayList<>();
                state.path("progress").forEach(p -> lines.add(p.asText()));
                long total = state.path("progress_total").asLong(lines.size());
                for (int i = (int) Math.max(0, lines.size() - (total - printed)); i < lines.size(); i++) {
                    out.println("      " + lines.get(i));
                }
                printed = total;
                if (!"running".equals(state.path("status").asText())) {
                    break;
                }
            }
            if (state == null || "running".equals(state.path("status").asText())) {
                out.println("  the trainer-service's run did not finish in time (log: " + services.log("trainer-service")
                        + ")");
                return 4;
            }
            if (!"done".equals(state.path("status").asText())) {
                out.println("  the trainer-service's run failed: " + state.path("error").asText() + " (log: "
                        + services.log("trainer-service") + ")");
                return 4;
            }
            put(stages, units, "training_service_wall", seconds(trainStart), 1, "runs");
            // the run's summary went to experiments.summaries: wait until the metrics-service has it
            boolean seen = false;
            for (int i = 0; i < 30 && !seen; i++) {
                JsonNode ex = Follow.get(http, services.port("metrics-service"), "/api/experiments");
                seen = ex != null && spec.runId().equals(ex.path(spec.name()).path("runId").asText());
                if (!seen) {
                    Thread.sleep(1000);
                }
            }
            out.println(seen ? "      the run's summary on experiments.summaries reached the metrics-service "
                    + "(GET /api/experiments)" : "      the metrics-service has not seen the run's summary in 30 s");
            out.println("[6/7] download: the report and every model of the run from the bucket");
            try (S3ObjectStore store = new S3ObjectStore(stack.objectStoreConfig())) {
                String prefix = state.get("report_prefix").asText();
                for (String key : store.list(prefix)) {
                    Files.write(folder.resolve(key.substring(prefix.length())), store.getBytes(key));
                }
                ExperimentReport report = ExperimentReport.read(folder);
                List<Map<String, Object>> registry = new ArrayList<>();
                for (JsonNode m : report.json().get("models")) {
                    String id = m.get("model_id").asText();
                    Path dirOf = Files.createDirectories(folder.resolve("models").resolve(id));
                    for (String file : List.of("model.zip", "model.json")) {
                        String key = "models/" + id + "/" + file;
                        Files.write(dirOf.resolve(file), store.getBytes(key));
                        var info = store.stat(key).orElseThrow();
                        registry.add(Map.of("key", key, "bytes", info.size(), "etag", String.valueOf(info.etag())));
                    }
                }
                report.put("summary_event", Map.of("topic", org.hisscube.contracts.Topics.EXPERIMENTS.name(),
                        "seen_by_metrics_service", seen));
                report.put("registry", Map.of("bucket", store.bucket(), "objects", registry, "note", "every model "
                        + "of the run is in the bucket's registry under these keys and copied into models/<id>/ here "
                        + "(./hisscube classify FILE --model models/<id>)"));
                report.write();
                out.printf(Locale.ROOT, "      %d files of the report, %d models → %s%n", store.list(prefix).size(),
                        report.json().get("models").size(), folder);
            }
            return 0;
        }

        /** Stage 7: the photometry model on the real catalogs, the F star's pictures, simulated vs real. */
        private void realData(Path folder, LocalStack stack, Map<String, double[]> stages, Map<String, String> units,
                Path simManifest) throws Exception {
            out.println("[7/7] real data: photometry on the real catalogs, the F star's target, simulated vs real");
            long t = System.nanoTime();
            ExperimentReport report = ExperimentReport.read(folder);
            Path catalogs = RepoLayout.root().resolve("data/catalogs");
            PhotometryModel.Settings s = new PhotometryModel.Settings(400, 6, 0.1, 1);
            PhotometryTraining.Result r = PhotometryTraining.run(catalogs, s, line -> out.println("      " + line));
            List<Map<String, Object>> rows = new ArrayList<>();
            rows.add(row("XGBoost (Tribuo), magnitudes + colours", r.onTest(), r.trainSeconds(),
                    "held-out test part of the real catalogs"));
            if (anchorTrees > 0) {
                LabelledCatalog cat = LabelledCatalog.load(catalogs);
                long tf = System.nanoTime();
                out.printf(Locale.ROOT, "      the anchor's random forest (%d trees) on the same split%n", anchorTrees);
                Evaluation rf = AnchorForest.trainAndEvaluate(cat.part(LabelledCatalog.Part.TRAIN),
                        cat.part(LabelledCatalog.Part.TEST), anchorTrees, 1);
                rows.add(row("random forest (anchor's family, " + anchorTrees + " trees), colours", rf, seconds(tf),
                        "the same held-out test part"));
            }
            org.hisscube.experiments.EvaluationPlots.confusion(r.onTest(), "photometry (XGBoost): held-out real "
                    + "objects", folder.resolve("real-photometry-confusion.png"));
            report.plot("real", "real-photometry-confusion.png", "The photometry classifier on held-out real SDSS "
                    + "objects (never trained on, never simulated).");
            Map<String, Object> real = new LinkedHashMap<>();
            real.put("photometry", rows);
            real.put("statement", String.format(Locale.ROOT, "On %d held-out real objects the photometry model "
                    + "reaches macro-F1 %.3f from magnitudes and colours alone.", r.test(), r.onTest().macroF1()));
            real.put("literature", "Anchor: a scikit-learn random forest (300 trees) on SDSS colours reports "
                    + "macro-F1 0.931 on real objects not in these catalogs (a different test set); Clarke et al. "
                    + "(2020, A&A 639, A84), a random forest on SDSS photometry, report per-class scores above 0.95 "
                    + "with far larger training sets.");
            try (S3ObjectStore store = new S3ObjectStore(stack.objectStoreConfig())) {
                List<String> keys = store.list("cube/targets/" + FSTAR + "/");
                if (!keys.isEmpty()) {
                    String key = keys.stream().max(java.util.Comparator.comparingInt(k -> Integer.parseInt(
                            k.replaceAll(".*/v(\\d+)\\.h5$", "$1")))).orElseThrow();
                    Path h5 = folder.resolve("fstar-target.h5");
                    Files.write(h5, store.getBytes(key));
                    Target target = Featurizer.read(h5).get(0);
                    Files.delete(h5);
                    TargetPlots.cutouts(target, 0, folder.resolve("fstar-cutouts.png"));
                    TargetPlots.spectra(target, 2, folder.resolve("fstar-spectra.png"));
                    report.plot("real", "fstar-cutouts.png", "The real F star of field 2820-3-0122 (target " + FSTAR
                            + ") as the cube built it through the services: its five stacked cutouts at zoom 0.");
                    report.plot("real", "fstar-spectra.png", "Its three real SDSS spectra and their inverse-variance "
                            + "stack at zoom 2, with 1σ error bars.");
                    real.put("target", Map.of("target_id", FSTAR, "key", key, "class", target.objectClass(),
                            "spectra", target.spectrumFiles().size(), "frames", target.frames().size()));
                } else {
                    real.put("target", Map.of("target_id", FSTAR, "missing", "not built by the cube in this run"));
                }
            }
            if (!noCompare) {
                Path cmp = Files.createDirectories(folder.resolve("simulator"));
                // the comparison reads the survey folder (its manifest.json next to the SAS tree the simulator wrote)
                Path survey = simManifest.getParent().getParent().resolve("sas");
                Files.copy(simManifest, survey.resolve("manifest.json"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                int code = new CommandLine(new SimulateCompareCommand()).execute("--survey", survey.toString(),
                        "--out", cmp.toString(), "--points", "1000");
                if (code == 0) {
                    for (String[] p : List.of(new String[] {"colour-colour.png", "Colours of simulated objects "
                            + "measured in their frames against real catalog colours, per class."},
                            new String[] {"spectra.png", "Simulated spectra against real ones of the same class."},
                            new String[] {"cutouts.png", "Simulated cutouts next to real ones."},
                            new String[] {"sky-noise.png", "Sky level and noise per band, simulated against real."})) {
                        if (Files.isRegularFile(cmp.resolve(p[0]))) {
                            report.plot("real", "simulator/" + p[0], p[1]);
                        }
                    }
                } else {
                    out.println("      the simulated-vs-real comparison failed (exit " + code + "); the report goes "
                            + "on without it");
                }
            }
            report.put("real_data", real);
            report.write();
            put(stages, units, "real_data", seconds(t), r.test(), "real objects scored");
        }

        /** Stages, scalability across the runs of this experiment, the run's identity; writes the page. */
        private void finish(ExperimentSpec spec, Path folder, Instant started, Map<String, double[]> stages,
                Map<String, String> units, SurveySimulator.Summary sim, Path work) throws IOException {
            ExperimentReport report = ExperimentReport.read(folder);
            // the trainer's stages (training, evaluation, analysis) are in the report already; add ours before them
            JsonNode trainerStages = report.json().get("stages").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) report.json()).putObject("stages");
            stages.forEach((k, v) -> report.stage(k, v[0], (long) v[1], units.get(k)));
            trainerStages.fields().forEachRemaining(e -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                    report.json().get("stages")).set(e.getKey(), e.getValue()));
            Map<String, Object> exp = new LinkedHashMap<>();
            exp.put("name", spec.name());
            exp.put("run_id", spec.runId());
            exp.put("description", "Multi-modal against single-modal classification of SDSS objects (GALAXY, QSO, "
                    + "STAR) on a simulated survey grounded in the real SDSS files, run through the services: fetcher "
                    + "→ cube → features → trainer; plus the real-data photometry track.");
            exp.put("started", started.toString());
            exp.put("finished", Instant.now().toString());
            exp.put("code_version", codeVersion());
            exp.put("command", "./hisscube experiment run " + spec.name() + " --objects " + objects + " --seeds "
                    + seeds + " --zooms " + join(zooms) + " --epochs " + epochs + " --patience " + patience
                    + " --seed " + seed + " --per-field " + perField
                    + " --map-points " + mapPoints + " --real-anchor-trees " + anchorTrees
                    + (noCompare ? " --no-compare" : "") + (kinds != null ? " --kinds " + String.join(",", kinds) : ""));
            exp.put("objects", objects);
            exp.put("simulator_seed", seed);
            exp.put("simulated", Map.of("fields", sim.fields(), "frames", sim.frames(), "spectra", sim.spectra(),
                    "bytes", sim.bytes(), "frames_format", "fits.bz2 (as the SAS serves them)"));
            exp.put("machine", machine());
            report.put("experiment", exp);
            scalability(report, spec.name(), objects, folder,
                    distinctObjects(RepoLayout.root().resolve("data/demo/fstar-field.csv")));
            report.write();
            printSummary(report.json(), out);
            out.println();
            out.println("Report: " + folder.resolve(ExperimentReport.PAGE));
        }

        /**
         * The report's {@code scalability} section: growth fits and the stage plot over every finished run of the
         * experiment in the report's parent folder (this one included, later ones too when refitted by
         * {@code experiment show --refit}), and the instances projection from this run's rates.
         */
        static void scalability(ExperimentReport report, String experiment, int objects, Path folder,
                int realObjects) throws IOException {
            // every finished run of this experiment next to this one (the same parent folder), this one included
            List<JsonNode> runs = new ArrayList<>();
            Path parent = folder.getParent();
            try (var dirs = Files.list(parent)) {
                for (Path d : dirs.sorted().toList()) {
                    Path f = d.resolve(ExperimentReport.RESULTS);
                    if (!d.equals(folder) && Files.isRegularFile(f)) {
                        JsonNode n = JSON.readTree(f.toFile());
                        // only finished runs of this experiment (an interrupted one has no size or end)
                        if (n.path("experiment").path("name").asText().equals(experiment)
                                && n.path("experiment").path("objects").asInt() > 0
                                && n.path("experiment").has("finished")) {
                            runs.add(n);
                        }
                    }
                }
            }
            runs.add(report.json());
            List<Map<String, Object>> table = new ArrayList<>();
            Map<Integer, JsonNode> bySize = new java.util.TreeMap<>();
            for (JsonNode n : runs) {
                int size = n.path("experiment").path("objects").asInt();
                bySize.put(size, n); // the latest run of each size
                Map<String, Object> stageSeconds = new LinkedHashMap<>();
                n.path("stages").fields().forEachRemaining(e -> stageSeconds.put(e.getKey(),
                        Math.round(e.getValue().path("seconds").asDouble() * 10) / 10.0));
                table.add(Map.of("run_id", n.path("experiment").path("run_id").asText(), "objects", size,
                        "targets", n.path("stages").path("features").path("items").asLong(), "stages",
                        stageSeconds));
            }
            List<GrowthFit> fits = new ArrayList<>();
            List<ReportPlots.Line> lines = new ArrayList<>();
            for (String stage : List.of("simulate", "fetch", "cube", "features", "training", "evaluation")) {
                List<double[]> points = new ArrayList<>();
                // training and evaluation grow with the models trained too: only runs that trained what this one did
                boolean perModel = stage.equals("training") || stage.equals("evaluation");
                String shape = trainingShape(report.json());
                bySize.forEach((size, n) -> {
                    if (perModel && !trainingShape(n).equals(shape)) {
                        return;
                    }
                    double sec = n.path("stages").path(stage).path("seconds").asDouble(0);
                    if (sec > 0) {
                        points.add(new double[] {size, sec});
                    }
                });
                if (points.isEmpty()) {
                    continue;
                }
                double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
                double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
                lines.add(new ReportPlots.Line(stage, x, y, null));
                if (points.size() >= 2) {
                    fits.add(GrowthFit.of(stage, x, y));
                }
            }
            ReportPlots.lines("wall time per stage against survey size (runs of " + experiment + ")",
                    "simulated objects (log)", "seconds", lines, true, null, null,
                    folder.resolve("stages-by-size.png"));
            report.plot("stages", "stages-by-size.png", "Wall time of every stage for each survey size run so far"
                    + " (the latest run of each size).");
            List<Map<String, Object>> projection = new ArrayList<>();
            JsonNode st = report.json().get("stages");
            for (String stage : List.of("fetch", "cube", "features")) {
                JsonNode s = st.path(stage);
                if (!s.has("seconds") || s.get("seconds").asDouble() <= 0) {
                    continue;
                }
                // what one instance of the stage sustained in this run (all services sharing the CPUs), per object:
                // files per object of this survey (frames are shared by the objects of a field) turn files into objects
                double objectsIn = objects + realObjects;
                double items = s.get("items").asDouble();
                double perObject = stage.equals("features") ? items / s.get("seconds").asDouble()
                        : items / s.get("seconds").asDouble() / (st.path("fetch").path("items").asDouble(items)
                        / objectsIn);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("stage", stage);
                p.put("per_instance_objects_per_s", perObject);
                p.put("unit", s.path("unit").asText());
                for (int rate : new int[] {1, 10, 100}) {
                    p.put("instances_for_" + rate + "_per_s", (int) Math.ceil(rate / perObject));
                }
                projection.add(p);
            }
            Map<String, Object> sc = new LinkedHashMap<>();
            sc.put("runs", table);
            sc.put("fits", fits);
            sc.put("projection", projection);
            sc.put("statement", (fits.isEmpty() ? "One survey size so far: run the experiment again with another "
                    + "--objects to fit growth curves (seconds = a · N^b per stage). " : "Growth per stage fitted as "
                    + "seconds = a · N^b over the sizes run (b ≈ 1: linear); training and evaluation only over the "
                    + "runs that trained the same kinds, zooms, seeds and epochs as this one. ") + "The projection divides an ingest "
                    + "rate (objects per second) by the rate one instance of each stage sustained in this run on this "
                    + "machine, with every service sharing its cores: the consumer instances needed on Kubernetes, "
                    + "and so the least partitions of the stage's input topic (hisscube.targets has 6; raise "
                    + "partitions before instances).");
            report.put("scalability", sc);
        }

        /** What a run trained (kinds, zooms, seeds, epochs, patience): runs that differ here cannot share a fit. */
        private static String trainingShape(JsonNode n) {
            JsonNode spec = n.path("spec");
            return spec.path("kinds").toString() + spec.path("zooms") + spec.path("seeds").asInt() + "/"
                    + spec.path("epochs").asInt() + "/" + spec.path("patience").asInt();
        }

        private static Map<String, Object> row(String model, Evaluation e, double seconds, String set) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("n", e.n());
            m.put("macro_f1", e.macroF1());
            m.put("accuracy", e.accuracy());
            Map<String, Double> per = new LinkedHashMap<>();
            for (int c = 0; c < Evaluation.CLASSES.size(); c++) {
                per.put(Evaluation.CLASSES.get(c), e.f1()[c]);
            }
            m.put("per_class_f1", per);
            m.put("train_seconds", seconds);
            m.put("set", set);
            return m;
        }
    }

    /** Polls the services for the pipeline's progress and times each stage from its first item to its last. */
    static final class Follow {
        int stored;
        int fetchRefused;
        int ingested;
        int cubeRefused;
        int built;
        int featurised;
        int manifestVersion;
        double fetchFirst = -1;
        double fetchDone = -1;
        double cubeFirst = -1;
        double cubeDone = -1;
        double featuresFirst = -1;
        double featuresDoneAt = -1;
        boolean featuresDone;
        private String lastCube = "";
        private int cubeStable;
        private int featuresStable;
        private int lastFeaturised = -1;
        private int lastStored = -1;
        private double fetchLastChange;
        private int lastIngested = -1;
        private double cubeLastChange;
        private double featuresLastChange;
        private long manifestCheck;

        /**
         * @param wanted          files requested
         * @param expectedTargets objects of the imported catalogs that have spectra: each becomes one target, built
         *                        or refused, once the cube has linked its spectra (which goes on after the last file
         *                        is ingested)
         */
        void poll(HttpClient http, LocalServices services, ShardStore shards, int wanted, int expectedTargets,
                long t0) throws Exception {
            double now = (System.nanoTime() - t0) / 1e9;
            JsonNode events = get(http, services.port("metrics-service"), "/api/events");
            if (events != null) {
                stored = events.path("sdss.raw-files").asInt();
                // requests the fetcher set aside (missing upstream, bad checksum) and files the cube refused
                fetchRefused = events.path("sdss.fetch-requests.dlq").asInt();
                cubeRefused = events.path("sdss.raw-files.dlq").asInt();
            }
            if (stored > 0 && fetchFirst < 0) {
                fetchFirst = 0; // the fetch stage starts with the import: its first request is its first item
            }
            if (stored != lastStored) {
                fetchLastChange = now;
                lastStored = stored;
            }
            if (stored + fetchRefused >= wanted && fetchDone < 0) {
                fetchDone = fetchLastChange;
            }
            JsonNode stats = get(http, services.port("cube-service"), "/api/cube/stats");
            if (stats != null) {
                int in = 0;
                for (JsonNode v : stats.path("filesIngested")) {
                    in += v.asInt();
                }
                ingested = in;
                built = stats.path("targetsByStatus").path("built").asInt();
                if (ingested > 0 && cubeFirst < 0) {
                    cubeFirst = now;
                }
                String state = stats.path("targetsByStatus").toString() + stats.path("targetBytes");
                if (!state.equals(lastCube) || ingested != lastIngested) {
                    cubeLastChange = now;
                    lastIngested = ingested;
                }
                int refused = stats.path("targetsByStatus").path("refused").asInt();
                cubeStable = fetchDone >= 0 && ingested + cubeRefused >= stored && state.equals(lastCube)
                        ? cubeStable + 1 : 0;
                lastCube = state;
                // every object's target built or refused; or (a target that can never complete) nothing for 2 min
                if (cubeDone < 0 && ((built + refused >= expectedTargets && cubeStable >= 3) || cubeStable >= 120)) {
                    cubeDone = cubeLastChange; // the stage ended with its last change, not when we were sure of it
                }
            }
            if (System.nanoTime() >= manifestCheck) {
                manifestCheck = System.nanoTime() + 2_000_000_000L;
                var m = shards.manifest();
                featurised = m.byTarget().size();
                manifestVersion = m.version();
                if (featurised > 0 && featuresFirst < 0) {
                    featuresFirst = now;
                }
                if (featurised != lastFeaturised) {
                    featuresLastChange = now;
                }
                featuresStable = cubeDone >= 0 && featurised == lastFeaturised ? featuresStable + 1 : 0;
                lastFeaturised = featurised;
                // every built target featurised, or (targets the feature-service refused) nothing new for 20 s
                if (cubeDone >= 0 && featurised > 0 && (featurised >= built || featuresStable >= 10)) {
                    featuresDone = true;
                    featuresDoneAt = featuresLastChange;
                }
            }
        }

        private static JsonNode get(HttpClient http, int port, String path) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The reports under work/experiments: "
            + "experiment, run, objects, seeds, zooms, best mean macro-F1 per modality.")
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--root", description = "where the reports are (default work/experiments)")
        Path root;

        @Override
        public Integer call() throws IOException {
            Path r = root != null ? root : experimentsRoot();
            List<Path> found = reports(r);
            if (found.isEmpty()) {
                System.out.println("no experiment reports under " + r + " yet: ./hisscube experiment run NAME");
                return 0;
            }
            System.out.println("experiment            run                objects  seeds  zooms     fused  image  "
                    + "folder");
            for (Path f : found) {
                JsonNode n = JSON.readTree(f.resolve(ExperimentReport.RESULTS).toFile());
                System.out.printf(Locale.ROOT, "%-20s  %-17s  %7d  %5d  %-8s  %5s  %5s  %s%n",
                        n.path("experiment").path("name").asText(), n.path("experiment").path("run_id").asText(),
                        n.path("experiment").path("objects").asInt(), n.path("spec").path("seeds").asInt(),
                        n.path("spec").path("zooms").toString(), best(n, "fused"), best(n, "image"), f);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The latest (or --run) report of an "
            + "experiment as tables; --readme rewrites the README's section of it from the report.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--run", description = "a run id (default: the latest)")
        String run;

        @Option(names = "--root", description = "where the reports are (default work/experiments)")
        Path root;

        @Option(names = "--readme", description = "rewrite the part of this file between <!-- experiment:NAME:begin "
                + "--> and <!-- experiment:NAME:end --> with the report's tables, copying its key plots to "
                + "docs/experiments/NAME/")
        Path readme;

        @Option(names = "--refit", description = "first recompute the report's growth fits and stage plot over every "
                + "finished run of the experiment next to it, later runs included (a run fits only the runs before it)")
        boolean refit;

        @Override
        public Integer call() throws IOException {
            Path r = (root != null ? root : experimentsRoot()).resolve(name);
            List<Path> runs = reports(r.getParent()).stream().filter(p -> p.getParent().equals(r)).toList();
            Path folder = run != null ? r.resolve(run) : runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (folder == null || !Files.isRegularFile(folder.resolve(ExperimentReport.RESULTS))) {
                System.err.println("no report of experiment " + name + (run != null ? " run " + run : "") + " under "
                        + r + "; ./hisscube experiment list shows what there is");
                return 1;
            }
            if (refit) {
                ExperimentReport report = ExperimentReport.read(folder);
                JsonNode exp = report.json().path("experiment");
                Run.scalability(report, exp.path("name").asText(), exp.path("objects").asInt(), folder,
                        distinctObjects(RepoLayout.root().resolve("data/demo/fstar-field.csv")));
                report.write();
                System.out.println("growth fits of run " + folder.getFileName() + " refitted over every finished run"
                        + " of " + name + " in " + folder.getParent());
            }
            JsonNode n = JSON.readTree(folder.resolve(ExperimentReport.RESULTS).toFile());
            printSummary(n, System.out);
            System.out.println();
            System.out.println("Report: " + folder.resolve(ExperimentReport.PAGE));
            if (readme != null) {
                ReadmeSection.rewrite(readme, name, folder, n);
                System.out.println("README section of " + name + " rewritten in " + readme);
            }
            return 0;
        }
    }

    /** Report folders (holding results.json) under root/NAME/RUN, oldest run first within each experiment. */
    static List<Path> reports(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var walk = Files.walk(root, 2)) {
            return walk.filter(p -> Files.isRegularFile(p.resolve(ExperimentReport.RESULTS))).sorted().toList();
        }
    }

    static String best(JsonNode n, String kind) {
        double b = -1;
        for (JsonNode s : n.path("summary")) {
            if (s.path("kind").asText().equals(kind)) {
                b = Math.max(b, s.path("macro_f1_mean").asDouble());
            }
        }
        return b < 0 ? "–" : String.format(Locale.ROOT, "%.3f", b);
    }

    static void printSummary(JsonNode n, PrintStream out) {
        out.println();
        // the classes of the report (SDSS: GALAXY, QSO, STAR; the image + text experiment: its categories)
        List<String> classes = new ArrayList<>();
        n.path("classes").forEach(c -> classes.add(c.asText()));
        if (classes.isEmpty()) {
            classes.addAll(org.hisscube.learning.Evaluation.CLASSES);
        }
        boolean sdss = n.path("classes").isMissingNode();
        out.printf(Locale.ROOT, "%s run %s: %d %s; test macro-F1, mean ± sd over seeds%n",
                n.path("experiment").path("name").asText(), n.path("experiment").path("run_id").asText(),
                n.path("experiment").path("objects").asInt(), sdss ? "simulated objects + the real field" : "regions");
        StringBuilder head = new StringBuilder("  kind              zoom  seeds  macro-F1     ");
        classes.forEach(c -> head.append(String.format(Locale.ROOT, " %9s", "F1 " + (c.length() > 6
                ? c.substring(0, 6) : c))));
        out.println(head.append("  train s  infer s"));
        for (JsonNode s : n.path("summary")) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-16s  %4d  %5d  %.3f ± %.3f",
                    s.path("kind").asText(), s.path("zoom").asInt(), s.path("seeds").asInt(),
                    s.path("macro_f1_mean").asDouble(), s.path("macro_f1_sd").asDouble()));
            classes.forEach(c -> row.append(String.format(Locale.ROOT, " %9.3f", s.path("per_class_f1_mean").path(c)
                    .asDouble())));
            out.println(row.append(String.format(Locale.ROOT, "  %7.1f  %7.3f", s.path("train_seconds_mean")
                    .asDouble(), s.path("inference_seconds_mean").asDouble())));
        }
        for (JsonNode p : n.path("real_data").path("photometry")) {
            out.printf(Locale.ROOT, "  real catalogs: %-50s macro-F1 %.3f on %d held-out objects%n",
                    p.path("model").asText(), p.path("macro_f1").asDouble(), p.path("n").asInt());
        }
        out.println("  paired comparisons (a − b):");
        for (JsonNode p : n.path("comparisons")) {
            String interval = p.has("boot_low") ? String.format(Locale.ROOT, "bootstrap [%+.3f, %+.3f]",
                    p.path("boot_low").asDouble(), p.path("boot_high").asDouble()) : String.format(Locale.ROOT,
                    "seed spread %.3f", p.path("seed_spread").asDouble());
            out.printf(Locale.ROOT, "    z%d %-16s − %-16s %+.3f  %s  %s%n", p.path("zoom").asInt(),
                    p.path("a").asText(), p.path("b").asText(), p.path("mean_diff").asDouble(), interval,
                    p.path("verdict").asText());
        }
        out.println("  stages:");
        n.path("stages").fields().forEachRemaining(e -> out.printf(Locale.ROOT, "    %-22s %8.1f s  %6d %s%n",
                e.getKey(), e.getValue().path("seconds").asDouble(), e.getValue().path("items").asLong(),
                e.getValue().path("unit").asText()));
    }

    /** Distinct objects (objid) with a spectrum (plate filled in) in a catalog CSV of the bundled dialect. */
    static int distinctObjects(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int objid = header.indexOf("objid");
        int plate = header.indexOf("plate");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (objid >= 0 && f.length > Math.max(objid, plate) && (plate < 0 || !f[plate].isBlank())) {
                ids.add(f[objid]);
            }
        }
        return ids.size();
    }

    static void put(Map<String, double[]> stages, Map<String, String> units, String stage, double seconds, long items,
            String unit) {
        stages.put(stage, new double[] {seconds, items});
        units.put(stage, unit);
    }

    /** The machine a report's figures come from: cores, memory, OS, Java. */
    static Map<String, Object> machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Map.of("cores", Runtime.getRuntime().availableProcessors(), "memory_gib",
                Math.round(memory / (1024.0 * 1024 * 1024)), "os", System.getProperty("os.name") + " "
                + System.getProperty("os.arch"), "java", System.getProperty("java.version"));
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String join(List<Integer> z) {
        return String.join(",", z.stream().map(String::valueOf).toList());
    }

    static String bar(int done, int total) {
        int width = 12;
        int filled = total <= 0 ? 0 : Math.min(width, done * width / total);
        return "#".repeat(filled) + ".".repeat(width - filled);
    }

    static String codeVersion() {
        try {
            Process p = new ProcessBuilder("git", "-C", RepoLayout.root().toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && !v.isEmpty() ? v : "unknown (not a git checkout)";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
