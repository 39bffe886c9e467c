package org.hisscube.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.ExperimentCompleted;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.experiments.ExperimentAnalysis;
import org.hisscube.experiments.ExperimentReport;
import org.hisscube.experiments.ExperimentSpec;
import org.hisscube.experiments.ModalityComparison;
import org.hisscube.experiments.ModelRun;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.ShardStore;
import org.hisscube.servicekit.KafkaClients;
import org.jboss.logging.Logger;

/**
 * Experiment runs triggered over REST, one at a time on their own thread (never the trainer loop's): the modality
 * comparison on the current shard manifest, its analysis and report written to {@code experiments/<name>/<run>/} in
 * the bucket, and an {@link ExperimentCompleted} on {@code experiments.summaries}.
 */
@ApplicationScoped
public class ExperimentRuns {
    private static final Logger LOG = Logger.getLogger(ExperimentRuns.class);

    /**
     * The state of one run as GET answers it: {@code progress} holds the last 200 lines, {@code progress_total} counts
     * every line so far (a follower prints the lines after its last total).
     */
    public record RunState(@JsonProperty("experiment") String experiment, @JsonProperty("run_id") String runId,
            @JsonProperty("status") String status, @JsonProperty("started") Instant started,
            @JsonProperty("finished") Instant finished, @JsonProperty("manifest_version") Integer manifestVersion,
            @JsonProperty("report_prefix") String reportPrefix, @JsonProperty("error") String error,
            @JsonProperty("progress") List<String> progress, @JsonProperty("progress_total") long progressTotal) {
    }

    @Inject
    ObjectStore store;

    @Inject
    TrainerSettings settings;

    @Inject
    KafkaConnection kafka;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "experiment-runs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private volatile String active;

    private static final class Run {
        final ExperimentSpec spec;
        final Instant started = Instant.now();
        final Deque<String> progress = new ArrayDeque<>();
        volatile String status = "running";
        volatile Instant finished;
        volatile Integer manifestVersion;
        volatile String error;
        long logged;

        Run(ExperimentSpec spec) {
            this.spec = spec;
        }

        synchronized void log(String line) {
            logged++;
            progress.addLast(line);
            while (progress.size() > 200) {
                progress.removeFirst();
            }
        }

        synchronized RunState state() {
            return new RunState(spec.name(), spec.runId(), status, started, finished, manifestVersion,
                    spec.reportPrefix(), error, List.copyOf(progress), logged);
        }
    }

    /**
     * Starts a run.
     *
     * @return its state, or empty when another run is still going
     */
    public synchronized Optional<RunState> start(ExperimentSpec spec) {
        if (active != null && "running".equals(runs.get(active).status)) {
            return Optional.empty();
        }
        String key = spec.name() + "/" + spec.runId();
        Run run = new Run(spec);
        runs.put(key, run);
        active = key;
        executor.submit(() -> execute(run));
        return Optional.of(run.state());
    }

    public Optional<RunState> state(String name, String runId) {
        return Optional.ofNullable(runs.get(name + "/" + runId)).map(Run::state);
    }

    /** The run in progress, if any. */
    public Optional<RunState> active() {
        String a = active;
        return a == null ? Optional.empty() : Optional.of(runs.get(a).state());
    }

    private void execute(Run run) {
        ExperimentSpec spec = run.spec;
        long t0 = System.nanoTime();
        Path scratch = settings.scratch().orElse(Path.of(System.getProperty("java.io.tmpdir"),
                "hisscube-trainer-service")).resolve("experiments").resolve(spec.name()).resolve(spec.runId());
        try {
            Files.createDirectories(scratch);
            Path folder = Files.createDirectories(scratch.resolve("report"));
            ShardStore shards = new ShardStore(store, Files.createDirectories(scratch.resolve("shards")),
                    List.of(0, 1, 2, 3), List.of("image", "spectrum", "photometry"));
            FeatureManifest manifest = shards.manifest();
            run.manifestVersion = manifest.version();
            run.log("training on feature manifest v" + manifest.version() + " (" + manifest.byTarget().size()
                    + " targets)");
            ModalityComparison.Outcome outcome = ModalityComparison.run(store, scratch.resolve("shards"), manifest,
                    spec, line -> {
                        run.log(line);
                        LOG.info(line);
                    });
            ExperimentReport report = ExperimentReport.create(folder);
            report.put("spec", spec);
            Map<String, Object> exp = new LinkedHashMap<>();
            exp.put("name", spec.name());
            exp.put("run_id", spec.runId());
            exp.put("started", run.started.toString());
            report.put("experiment", exp);
            ExperimentAnalysis.write(report, spec, outcome, line -> {
                run.log(line);
                LOG.info(line);
            });
            double learnSeconds = outcome.models().stream().mapToDouble(ModelRun::trainSeconds).sum();
            double inferSeconds = outcome.models().stream().mapToDouble(ModelRun::inferenceSeconds).sum();
            int testTargets = outcome.models().stream().mapToInt(ModelRun::testTargets).sum();
            report.stage("training", learnSeconds, outcome.models().size(), "models");
            report.stage("evaluation", inferSeconds, testTargets, "test targets classified");
            report.stage("analysis", (System.nanoTime() - t0) / 1e9 - outcome.seconds(), outcome.embeddings().size(),
                    "embeddings clustered");
            report.write();
            List<Path> files;
            try (var s = Files.list(folder)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                String type = name.endsWith(".png") ? "image/png" : name.endsWith(".html") ? "text/html"
                        : name.endsWith(".json") ? "application/json" : "text/csv";
                store.put(spec.reportPrefix() + name, Files.readAllBytes(f), type, Map.of());
            }
            Map<String, Double> means = new LinkedHashMap<>();
            ExperimentAnalysis.summaries(spec, outcome.models()).forEach(s -> means.put(s.kind() + "-z" + s.zoom(),
                    s.macroF1Mean()));
            List<String> ids = new ArrayList<>(outcome.models().stream().map(ModelRun::modelId).toList());
            ExperimentCompleted done = new ExperimentCompleted(UUID.randomUUID().toString(), 1, Instant.now(),
                    spec.name(), spec.runId(), manifest.version(), spec.seeds(), spec.zooms(), means, ids,
                    store.bucket(), spec.reportPrefix(), (System.nanoTime() - t0) / 1e9);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.idempotentProducer(kafka))) {
                producer.send(new ProducerRecord<>(Topics.EXPERIMENTS.name(), spec.name(),
                        Topics.EXPERIMENTS.encode(done))).get();
            }
            run.log("report in s3://" + store.bucket() + "/" + spec.reportPrefix() + " (" + files.size()
                    + " files); summary on " + Topics.EXPERIMENTS.name());
            run.finished = Instant.now();
            run.status = "done";
        } catch (Exception | Error e) {
            LOG.errorf(e, "experiment %s/%s failed", spec.name(), spec.runId());
            run.error = e.getClass().getSimpleName() + ": " + e.getMessage();
            run.log("failed: " + run.error);
            run.finished = Instant.now();
            run.status = "failed";
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path p) {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // scratch only
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
