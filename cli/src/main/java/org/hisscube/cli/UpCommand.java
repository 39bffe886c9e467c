package org.hisscube.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.hisscube.localstack.KafkaBroker;
import org.hisscube.localstack.LocalStack;
import org.hisscube.localstack.SasLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hisscube up}: the whole system on one machine. Starts a real Kafka broker and S3 server, serves the bundled
 * SDSS sample as a SAS mirror, starts the five services against them and reports when each is healthy.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local stack (Kafka, S3, SAS mirror of the bundled data and a simulated survey), the "
                + "five services and Prometheus, follow the pipeline to a results table and a report page, and run "
                + "until Ctrl-C. A second start resumes from the working folder (--fresh starts over). Exit codes: 0 "
                + "after Ctrl-C or a finished --check, 2 when a service is not healthy or the folder holds a run with "
                + "other options, 3 when the --check demo did not finish.")
final class UpCommand implements Callable<Integer> {
    static final String[] SERVICES = LocalServices.SERVICES;

    @Option(names = "--dir", description = "Working folder for broker, S3 data and logs (default: .hisscube/run)")
    Path dir;

    @Option(names = "--check", description = "Stop once the demo has gone through the pipeline and the results table "
            + "is printed (a smoke test; exit code 3 when the demo did not finish) instead of running until Ctrl-C.")
    boolean check;

    @Option(names = "--base-port", defaultValue = "8081", description = "First HTTP port of the services.")
    int basePort;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "120", description = "Also simulate a survey of N "
            + "objects (./hisscube simulate, seed --seed, 8 per field), serve it from the SAS mirror next to the real "
            + "sample and import its catalog through the fetcher, so the whole pipeline runs on it and the trainer has "
            + "enough labelled targets (default ${DEFAULT-VALUE}; 0: the real sample only).")
    Integer simulate;

    @Option(names = "--min-train-targets", defaultValue = "60", description = "Labelled train targets the trainer "
            + "waits for before its first round (HISSCUBE_TRAINER_MIN_TRAIN_TARGETS; default ${DEFAULT-VALUE}).")
    int minTrainTargets;

    /** What the trainer trains by default (its HISSCUBE_TRAINER_KINDS and _ZOOMS), followed to the results table. */
    static final List<String> KINDS = List.of("photometry", "spectrum", "image", "fused");
    static final int TRAIN_ZOOM = 2;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of --simulate (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-demo", description = "Do not import the demo catalog (data/demo/fstar-field.csv).")
    boolean noDemo;

    @Option(names = "--fresh", description = "Start over: delete the working folder (topics, object store, cube "
            + "state, model registry, logs) first. Without it a second start resumes from what is stored there.")
    boolean fresh;

    static final String STATE_FILE = "up-state.json";

    /** What a run in a working folder was started with, and which catalogs it imported (file → files requested). */
    record UpState(Integer simulate, long seed, Map<String, Integer> imported) {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
                new com.fasterxml.jackson.databind.ObjectMapper();

        UpState {
            imported = Map.copyOf(imported == null ? Map.of() : imported);
        }

        static UpState read(Path file) throws IOException {
            return JSON.readValue(file.toFile(), UpState.class);
        }

        void write(Path file) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        UpState withImport(String catalog, int files) {
            Map<String, Integer> m = new java.util.TreeMap<>(imported);
            m.put(catalog, files);
            return new UpState(simulate, seed, m);
        }

        String describe() {
            return simulate == null ? "the bundled sample only" : "--simulate " + simulate + " --seed " + seed;
        }
    }

    @Option(names = "--kafka-sasl", description = "Run the broker as a secured cluster would: its only listener "
            + "takes SASL/PLAIN logins, and every service gets the login through KAFKA_SECURITY_PROTOCOL, "
            + "KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG (the password is made up at each start).")
    boolean kafkaSasl;

    @Option(names = "--no-prometheus", description = "Do not start Prometheus (it is installed from Debian's "
            + "prometheus package when absent, and scrapes every service with the project's alert rules).")
    boolean noPrometheus;

    @Option(names = "--prometheus-port", defaultValue = "9090", description = "Prometheus's HTTP port "
            + "(default ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Option(names = "--scrape-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often Prometheus scrapes the services and evaluates the alert rules "
                    + "(default ${DEFAULT-VALUE}; e.g. 1s, 15s).")
    Duration scrapeInterval;

    /** "5s", "1m", "500ms" or an ISO-8601 duration. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            String t = v.trim().toLowerCase(Locale.ROOT);
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.parse(v);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (simulate != null && simulate <= 0) {
            simulate = null;
        }
        PrintStream out = System.out;
        Path root = RepoLayout.root();
        Path work = (dir != null ? dir : root.resolve(".hisscube/run")).toAbsolutePath();
        for (String s : SERVICES) {
            if (!Files.isRegularFile(RepoLayout.serviceJar(s))) {
                throw new IllegalStateException(RepoLayout.serviceJar(s) + " is missing: run mvn -DskipTests install");
            }
        }
        Path stateFile = work.resolve(STATE_FILE);
        boolean resume = !fresh && Files.isRegularFile(stateFile);
        UpState state;
        if (resume) {
            state = UpState.read(stateFile);
            if (!java.util.Objects.equals(state.simulate(), simulate) || (simulate != null && state.seed() != seed)) {
                System.err.printf(Locale.ROOT, "%s holds a run started with %s; this one asks for %s. Run with --fresh "
                        + "to start over with the new data, or repeat the earlier options to resume.%n", work,
                        state.describe(), new UpState(simulate, seed, Map.of()).describe());
                return 2;
            }
            out.println("Resuming from " + work + ": the broker's topics and offsets, the object store, the cube's "
                    + "state and the model registry are kept; catalogs imported before are not imported again "
                    + "(--fresh starts over).");
        } else {
            Folders.deleteRecursively(work);
            Files.createDirectories(work);
            state = new UpState(simulate, seed, Map.of());
            state.write(stateFile);
        }
        out.println("[1/3] laying out the bundled SDSS sample as a SAS mirror");
        Path sasRoot = work.resolve("sas");
        List<String> laid = SasLayout.mirror(root.resolve("data/sdss-sample"), sasRoot);
        out.printf(Locale.ROOT, "      %d files in DR17 layout under %s%n", laid.size(), sasRoot);
        Path simulatedCatalog = null;
        if (simulate != null) {
            Path sim = work.resolve("simulated");
            simulatedCatalog = sim.resolve("simulated-catalog.csv");
            if (resume && Files.isRegularFile(simulatedCatalog)) {
                out.printf(Locale.ROOT, "      the simulated survey of %d objects (seed %d) is already in the mirror%n",
                        simulate, seed);
            } else {
                out.printf(Locale.ROOT, "      simulating %d objects (seed %d) into the mirror%n", simulate, seed);
                var summary = org.hisscube.simulator.SurveySimulator.fromData(root.resolve("data")).run(
                        new org.hisscube.simulator.SimulationOptions(simulate, seed, sasRoot, 8, 1, true,
                                Runtime.getRuntime().availableProcessors(), root.resolve("data")),
                        line -> out.println("      " + line));
                Files.createDirectories(sim);
                Files.move(summary.catalog(), simulatedCatalog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(summary.manifest(), sim.resolve("manifest.json"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                out.printf(Locale.ROOT, "      %d frames + %d spectra served; catalog %s, truth %s%n",
                        summary.frames(), summary.spectra(), simulatedCatalog, sim.resolve("manifest.json"));
            }
        }

        out.println("[2/3] starting Kafka (KRaft) and the S3 server as processes");
        LocalStack stack = LocalStack.start(work.resolve("stack"), sasRoot, kafkaSasl);
        List<Process> services = children;
        LocalPrometheus[] prometheus = {null};
        Runnable stopAll = () -> {
            if (prometheus[0] != null) {
                prometheus[0].close();
            }
            services.forEach(Process::destroy);
            for (Process p : services) {
                try {
                    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                }
            }
            stack.close();
        };
        Thread hook = new Thread(stopAll, "hisscube-down");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf(Locale.ROOT, "      kafka %s%s   s3 %s (bucket %s)   sas %s%n", stack.kafka().bootstrapServers(),
                stack.kafka().sasl() ? " (SASL/PLAIN, user " + KafkaBroker.SASL_USER + ")" : "",
                stack.s3().endpoint(), stack.bucket(), stack.sas().baseUrl());

        out.println("[3/3] starting the services");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.length; i++) {
            String s = SERVICES[i];
            int port = basePort + i;
            ports.put(s, port);
            services.add(startService(s, port, stack, work.resolve("logs")));
        }
        Map<String, String> health = awaitHealthy(ports, Duration.ofSeconds(180));
        out.println();
        out.println("  service           port   health   log");
        boolean allUp = true;
        for (String s : SERVICES) {
            String h = health.get(s);
            allUp &= "UP".equals(h);
            out.printf(Locale.ROOT, "  %-16s  %-5d  %-7s  %s%n", s, ports.get(s), h,
                    work.resolve("logs").resolve(s + ".log"));
        }
        out.println();
        if (!allUp) {
            out.println("Not every service became healthy; see the logs above.");
            Runtime.getRuntime().removeShutdownHook(hook);
            stopAll.run();
            return 2;
        }
        out.println("All services healthy.");
        if (!noPrometheus) {
            prometheus[0] = startPrometheus(root, work, ports, out);
        }
        printUrls(ports, prometheus[0], out);
        writeRunning(work, ports, prometheus[0]);
        writeKafkaClientProperties(work, stack);
        int[] seen = {0};
        boolean demoOk = true;
        UpState[] current = {state};
        java.util.function.BiConsumer<String, Integer> imported = (catalog, files) -> {
            current[0] = current[0].withImport(catalog, files);
            try {
                current[0].write(stateFile);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        if (!noDemo) {
            demoOk = runDemo(root.resolve("data/demo/fstar-field.csv"), "the F star's 3 spectra and an edge galaxy in "
                    + "field 2820-3-0122", ports, stack, out, seen, current[0], imported);
        }
        if (simulatedCatalog != null && demoOk) {
            demoOk = runDemo(simulatedCatalog, "the simulated survey, " + simulate + " objects", ports, stack, out, seen,
                    current[0], imported);
        }
        if (resume && demoOk && !current[0].imported().isEmpty()) {
            // the cube's own state says what became of the files imported before
            demoOk = followCube(HttpClient.newHttpClient(), ports.get("cube-service"), seen[0], out);
        }
        if (demoOk && (!noDemo || simulatedCatalog != null)) {
            followToResults(root, work, ports, out);
        }
        if (!noDemo || simulatedCatalog != null) {
            if (!demoOk && check) {
                Runtime.getRuntime().removeShutdownHook(hook);
                stopAll.run();
                return 3;
            }
        }
        if (check) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stopAll.run();
            out.println("Stopped (--check).");
            return 0;
        }
        printUrls(ports, prometheus[0], out);
        out.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Imports the demo catalog through the fetcher and follows it: fetch requests on Kafka, files fetched from the
     * SAS mirror into S3, claim checks counted by the metrics-service. Prints progress and a table of the objects.
     */
    private static boolean runDemo(Path catalog, String what, Map<String, Integer> ports, LocalStack stack,
            PrintStream out, int[] seen, UpState state, java.util.function.BiConsumer<String, Integer> imported)
            throws IOException, InterruptedException {
        out.println();
        HttpClient http = HttpClient.newHttpClient();
        String name = catalog.getFileName().toString();
        Integer earlier = state.imported().get(name);
        if (earlier != null) {
            // resumed: its files are in the store and the cube already; the cube's state tells what became of them
            seen[0] += earlier;
            out.printf(Locale.ROOT, "Demo: %s (%s) was imported by an earlier run (%d files requested); not imported "
                    + "again, nothing is fetched again%n", name, what, earlier);
            return true;
        }
        out.println("Demo: importing " + catalog.getFileName() + " (" + what + ") through the fetcher");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ports.get("fetcher-service") + "/api/catalog-imports?name=" + catalog.getFileName()))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(catalog)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            out.println("  catalog import failed: HTTP " + r.statusCode() + " " + r.body());
            return false;
        }
        var answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        int before = seen[0];
        int requested = answer.get("framesRequested").asInt() + answer.get("spectraRequested").asInt();
        int wanted = before + requested;
        seen[0] = wanted;
        imported.accept(name, requested);
        out.printf(Locale.ROOT, "  %d rows → %d frames + %d spectra requested on sdss.fetch-requests%n",
                answer.get("rowsRead").asInt(), answer.get("framesRequested").asInt(),
                answer.get("spectraRequested").asInt());
        long deadline = System.nanoTime() + Duration.ofSeconds(180 + 2L * (wanted - before)).toNanos();
        int stored = 0;
        int shown = -1;
        while (stored < wanted && System.nanoTime() < deadline) {
            HttpResponse<String> ev = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + ports.get("metrics-service") + "/api/events")).build(), HttpResponse.BodyHandlers.ofString());
            var counts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ev.body());
            stored = counts.has("sdss.raw-files") ? counts.get("sdss.raw-files").asInt() : 0;
            if (stored != shown) {
                out.printf(Locale.ROOT, "  [%s] %d/%d files stored%n", bar(stored, wanted), stored, wanted);
                shown = stored;
            }
            Thread.sleep(500);
        }
        try (var store = new org.hisscube.contracts.store.S3ObjectStore(stack.objectStoreConfig())) {
            out.println();
            out.println("  object in s3://" + stack.bucket() + "                                                    bytes   sha256");
            List<String> keys = store.list("raw/");
            if (keys.size() > 40) {
                out.printf(Locale.ROOT, "  (%d objects; the first 40)%n", keys.size());
                keys = keys.subList(0, 40);
            }
            for (String key : keys) {
                var info = store.stat(key).orElseThrow();
                out.printf(Locale.ROOT, "  %-78s %9d  %.12s…%n", key, info.size(),
                        info.userMetadata().getOrDefault("sha256", "?"));
            }
        }
        if (stored < wanted) {
            out.println("  Demo incomplete: " + stored + " of " + wanted + " files stored in time; see the fetcher log.");
            return false;
        }
        out.println("  Every file fetched, verified and announced on sdss.raw-files.");
        return followCube(http, ports.get("cube-service"), wanted, out);
    }

    /**
     * Follows the cube-service until every announced file is ingested and the targets stop changing, then prints the
     * targets (built and refused, with the reasons) from its statistics.
     */
    private static boolean followCube(HttpClient http, int port, int wanted, PrintStream out)
            throws IOException, InterruptedException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        URI statsUri = URI.create("http://127.0.0.1:" + port + "/api/cube/stats");
        long deadline = System.nanoTime() + Duration.ofSeconds(240 + 5L * wanted).toNanos();
        String last = null;
        int stable = 0;
        int shown = -1;
        com.fasterxml.jackson.databind.JsonNode stats = null;
        while (System.nanoTime() < deadline && stable < 3) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(statsUri).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                stats = json.readTree(r.body());
                int ingested = 0;
                for (var v : stats.get("filesIngested")) {
                    ingested += v.asInt();
                }
                if (ingested != shown) {
                    out.printf(Locale.ROOT, "  [%s] %d/%d files calibrated into cube segments%n", bar(ingested, wanted),
                            ingested, wanted);
                    shown = ingested;
                }
                String now = stats.get("targetsByStatus").toString() + stats.get("targetBytes");
                stable = ingested >= wanted && now.equals(last) ? stable + 1 : 0;
                last = now;
            }
            Thread.sleep(1000);
        }
        if (stats == null || stable < 3) {
            out.println("  The cube did not settle in time; see the cube-service log.");
            return false;
        }
        out.println();
        out.println("  The cube (http://127.0.0.1:" + port + "/api/cube/stats):");
        out.println("  targets by status " + stats.get("targetsByStatus") + ", per class " + stats.get("targetsPerClass")
                + ", bytes per zoom " + stats.get("bytesPerZoom"));
        HttpResponse<String> all = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/cube/targets?ra=38.3018&dec=-0.1339&radius=1")).build(), HttpResponse.BodyHandlers.ofString());
        out.println("  target id     class  version  bands      frames  spectra  file");
        for (var hit : json.readTree(all.body())) {
            var t = hit.get("target");
            out.printf(Locale.ROOT, "  %-12d  %-5s  %7d  %-9s  %6d  %7d  %s%n", t.get("targetId").asLong(),
                    t.get("objectClass").asText(), t.get("version").asInt(),
                    String.join("", json.convertValue(t.get("bands"), String[].class)),
                    t.get("frameFileIds").size(), t.get("spectrumFileIds").size(), t.get("targetKey").asText());
        }
        for (var t : stats.get("refused")) {
            out.printf(Locale.ROOT, "  %-12d  refused: %s%n", t.get("targetId").asLong(),
                    t.get("reasons").get(0).asText());
        }
        boolean built = stats.get("targetsByStatus").has("built");
        out.println(built ? "  Demo done: files fetched, calibrated with σ into HDF5 segments, linked into targets."
                : "  Demo incomplete: no target was built; see the cube-service log.");
        return built;
    }

    /** Past the cube: features, training epochs, evaluations, and the results table with the real-data line. */
    private void followToResults(Path root, Path work, Map<String, Integer> ports, PrintStream out)
            throws IOException, InterruptedException {
        PipelineFollower follow = new PipelineFollower(ports, out);
        var stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("cube-service") + "/api/cube/stats"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
        int built = stats.path("targetsByStatus").path("built").asInt();
        Map<String, Integer> splits = follow.followFeatures(built, TRAIN_ZOOM);
        Map<String, com.fasterxml.jackson.databind.JsonNode> evaluated = Map.of();
        if (splits.getOrDefault("train", 0) >= minTrainTargets && splits.getOrDefault("validation", 0) > 0
                && splits.getOrDefault("test", 0) > 0) {
            evaluated = follow.followTraining(KINDS, TRAIN_ZOOM, Duration.ofMinutes(30));
        } else {
            out.printf(Locale.ROOT, "%nTraining waits for %d labelled train targets and one validation and one test "
                    + "target at zoom %d (has %s): it starts as the cube grows (a larger --simulate, or "
                    + "--min-train-targets)%n", minTrainTargets, TRAIN_ZOOM, splits);
        }
        Map<String, Object> real = PipelineFollower.realPhotometry(root.resolve("data/catalogs"),
                TrainCommand.defaultPhotometryModel(), out, children::add);
        PipelineFollower.results(evaluated, TRAIN_ZOOM, real, out);
        Path folder = work.resolve("report");
        Path picture = noDemo ? null : fstarPicture(ports, folder);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("dashboard page", "http://127.0.0.1:" + ports.get("metrics-service") + "/");
        links.put("cube statistics", "http://127.0.0.1:" + ports.get("cube-service") + "/api/cube/stats");
        links.put("live models (JSON)", "http://127.0.0.1:" + ports.get("metrics-service") + "/api/science");
        reportPage = UpReport.write(folder, evaluated, TRAIN_ZOOM, real, picture, links);
    }

    /** The report page of this run, once written. */
    private Path reportPage;

    /** Every process up started (the services, and a photometry training while it runs): a stop ends them all. */
    private final List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The F star's target from the running cube-service, pictured; null when it cannot be had. */
    private static Path fstarPicture(Map<String, Integer> ports, Path folder) {
        try {
            Files.createDirectories(folder);
            Path h5 = Files.createTempFile("fstar", ".h5");
            try {
                HttpResponse<Path> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + ports.get("cube-service") + "/api/cube/targets/"
                                + ExperimentCommand.FSTAR + "/file")).build(), HttpResponse.BodyHandlers.ofFile(h5));
                if (r.statusCode() != 200) {
                    return null;
                }
                Path png = folder.resolve("fstar.png");
                InspectTarget.picture(org.hisscube.features.Featurizer.read(h5).get(0), 0, png);
                return png;
            } finally {
                Files.deleteIfExists(h5);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Starts Prometheus against the services, installing Debian's package first when it is absent. */
    private LocalPrometheus startPrometheus(Path root, Path work, Map<String, Integer> ports, PrintStream out)
            throws IOException, InterruptedException {
        java.util.Optional<Path> bin = LocalPrometheus.binary();
        if (bin.isEmpty()) {
            out.println("      prometheus is not installed: installing Debian's prometheus package");
            Process p = new ProcessBuilder(root.resolve("scripts/install-test-deps.sh").toString(), "prometheus")
                    .inheritIO().start();
            p.waitFor();
            bin = LocalPrometheus.binary();
        }
        if (bin.isEmpty()) {
            out.println("      Prometheus could not be installed (apt-get install prometheus); going on without it");
            return null;
        }
        int port = prometheusPort;
        try (var probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException busy) {
            try (var free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            out.printf(Locale.ROOT, "      port %d is taken (another Prometheus?): using %d%n", prometheusPort, port);
        }
        try {
            LocalPrometheus p = LocalPrometheus.start(bin.get(), work.resolve("prometheus"), ports,
                    root.resolve("monitoring/prometheus/alerts.yml"), port, scrapeInterval);
            out.printf(Locale.ROOT, "      prometheus %s scrapes the %d services every %d s with the alert rules of "
                    + "monitoring/prometheus/alerts.yml%n", p.url(), ports.size(), scrapeInterval.toSeconds());
            return p;
        } catch (IllegalStateException e) {
            out.println("      Prometheus did not start (" + e.getMessage() + "); going on without it");
            return null;
        }
    }

    /** Where the running services are, for {@code ./hisscube status}. */
    private static void writeRunning(Path work, Map<String, Integer> ports, LocalPrometheus prometheus)
            throws IOException {
        Map<String, Object> running = new LinkedHashMap<>();
        running.put("pid", ProcessHandle.current().pid());
        running.put("ports", ports);
        running.put("prometheus", prometheus == null ? null : prometheus.url());
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(work.resolve(RunningUp.FILE).toFile(), running);
    }

    /**
     * {@code kafka-client.properties}: how a Kafka tool reaches the local broker ({@code kafka-console-consumer.sh
     * --consumer.config}); readable by the user only, as it holds the login with {@code --kafka-sasl}.
     */
    static final String KAFKA_CLIENT_FILE = "kafka-client.properties";

    private static void writeKafkaClientProperties(Path work, LocalStack stack) throws IOException {
        Path file = work.resolve(KAFKA_CLIENT_FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        java.util.Properties p = stack.kafka().connection().properties();
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "the local broker of ./hisscube up (written at each start)");
        }
    }

    private void printUrls(Map<String, Integer> ports, LocalPrometheus prometheus, PrintStream out) {
        int metrics = ports.get("metrics-service");
        out.println();
        if (reportPage != null) {
            out.printf(Locale.ROOT, "  report page      %s%n", reportPage.toUri());
        }
        out.printf(Locale.ROOT, "  dashboard page   http://127.0.0.1:%d/%n", metrics);
        if (prometheus != null) {
            out.printf(Locale.ROOT, "  prometheus       %s  (alerts: %s/alerts)%n", prometheus.url(), prometheus.url());
        }
        out.printf(Locale.ROOT, "  cube API         http://127.0.0.1:%d/api/cube/stats%n", ports.get("cube-service"));
        out.printf(Locale.ROOT, "  catalog imports  POST http://127.0.0.1:%d/api/catalog-imports, or drop catalog CSVs "
                + "into the inbox folder of the working folder%n", ports.get("fetcher-service"));
        out.printf(Locale.ROOT, "  metrics          http://127.0.0.1:%d/q/metrics (every service: /q/metrics)%n",
                metrics);
        out.println();
    }

    static String bar(int done, int total) {
        int width = 20;
        int filled = total == 0 ? width : done * width / total;
        return "#".repeat(filled) + ".".repeat(width - filled);
    }

    private Process startService(String service, int port, LocalStack stack, Path logs) throws IOException {
        // the cube-service holds a few frame pyramids (≈ 33 MB each) while it links targets; the trainer holds the
        // tensors of a training round or an experiment (zoom 0: 82 kB per target)
        Map<String, String> env = switch (service) {
            case "trainer-service" -> Map.of("HISSCUBE_TRAINER_MIN_TRAIN_TARGETS", Integer.toString(minTrainTargets));
            // catalogs dropped into the inbox are imported while up runs (read again every 10 s)
            case "fetcher-service" -> Map.of("HISSCUBE_FETCHER_WATCH_FOLDER", Files.createDirectories(
                    logs.resolveSibling("inbox")).toString(), "HISSCUBE_FETCHER_WATCH_INTERVAL", "10s");
            default -> Map.of();
        };
        return LocalServices.startService(service, port, stack, logs, env,
                service.equals("cube-service") ? "1g" : service.equals("trainer-service") ? "2g" : "512m");
    }

    private static Map<String, String> awaitHealthy(Map<String, Integer> ports, Duration timeout)
            throws InterruptedException {
        return LocalServices.awaitHealthy(ports, timeout, line -> System.out.println("      " + line));
    }
}
