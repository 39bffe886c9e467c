package org.hisscube.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.Modality;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.ShardStore;
import org.hisscube.learning.Evaluation;
import org.hisscube.learning.LiveModels;
import org.hisscube.learning.ModalityTraining;
import org.hisscube.learning.TrainingRun;
import org.hisscube.servicekit.KafkaClients;
import org.hisscube.servicekit.Metrics;
import org.jboss.logging.Logger;

/**
 * The trainer's one thread: it counts new labelled targets on {@code features.embeddings} (one per target version),
 * looks at the shard manifest every {@code check-interval}, and trains a round at every configured zoom when a kind
 * has no live model yet and there are enough labelled targets, or when {@code retrain-after} new ones arrived since
 * the last round. Training reads the shards from the object store, never tensors from Kafka. Each round's
 * evaluations go to {@code trainer.evaluations}; versions that pass the promotion rule go live and are announced on
 * {@code trainer.models} (the feature-service then embeds with them).
 */
@ApplicationScoped
public class TrainerLoop {
    private static final Logger LOG = Logger.getLogger(TrainerLoop.class);
    static final String SERVICE = "trainer-service";

    @Inject
    TrainerSettings settings;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry registry;

    @Inject
    KafkaConnection kafka;

    private volatile boolean running;
    private Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Set<String> seen = new HashSet<>();
    private final AtomicInteger newTargets = new AtomicInteger();
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final Map<String, AtomicReference<Double>> liveF1 = new ConcurrentHashMap<>();
    private final Map<String, double[]> progress = new ConcurrentHashMap<>();
    private int lastManifest = -1;

    void onStart(@Observes StartupEvent event) {
        registry.gauge(Metrics.name(SERVICE, "new_labelled_targets"), newTargets);
        registry.gauge(Metrics.name(SERVICE, "rounds"), rounds);
        for (String k : settings.kinds()) {
            for (int zoom : settings.zooms()) {
                progressSlots(org.hisscube.learning.ModalityModels.Kind.valueOf(k.trim().toUpperCase(
                        java.util.Locale.ROOT)).label(), zoom);
            }
        }
        running = true;
        thread = new Thread(this::run, "trainer-loop");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(60_000);
        }
    }

    boolean alive() {
        return thread != null && thread.isAlive();
    }

    java.util.Optional<String> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure.get());
    }

    private void run() {
        Path scratch;
        try {
            scratch = Files.createDirectories(settings.scratch().orElse(Path.of(System.getProperty("java.io.tmpdir"),
                    "hisscube-trainer-service")));
        } catch (java.io.IOException e) {
            lastFailure.set(e.toString());
            return;
        }
        long nextCheck = 0;
        while (running) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps());
                    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProps())) {
                consumer = c;
                c.subscribe(List.of(settings.embeddingsTopic()));
                nextCheck = loop(c, producer, scratch, nextCheck);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // a broker outage or a lost group membership: start the clients again after a pause
                lastFailure.set(e.toString());
                LOG.errorf(e, "trainer loop failed; restarting its Kafka clients in 5 s");
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private long loop(KafkaConsumer<String, byte[]> c, KafkaProducer<String, byte[]> producer, Path scratch,
            long checkAt) {
        long nextCheck = checkAt;
        while (running) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                count(r);
            }
            c.commitSync();
            if (System.nanoTime() >= nextCheck) {
                try {
                    check(producer, scratch);
                    lastFailure.set(null);
                } catch (RuntimeException e) {
                    lastFailure.set(e.toString());
                    LOG.errorf(e, "training round failed; trying again at the next check");
                }
                nextCheck = System.nanoTime() + settings.checkInterval().toNanos();
            }
        }
        return nextCheck;
    }

    /** One new labelled target per target version (its photometry embedding at the first zoom). */
    private void count(ConsumerRecord<String, byte[]> r) {
        try {
            FeaturesComputed e = Topics.EMBEDDINGS.decode(r.value());
            if (e != null && e.modality() == Modality.PHOTOMETRY && e.zoom() == settings.zooms().get(0)
                    && Evaluation.CLASSES.contains(e.objectClass()) && seen.add(e.targetId() + "/" + e.targetVersion())) {
                newTargets.incrementAndGet();
            }
        } catch (RuntimeException ex) {
            LOG.warnf("unreadable record on %s partition %d offset %d: %s (not counted)", r.topic(), r.partition(),
                    r.offset(), ex.getMessage());
        }
    }

    private void check(KafkaProducer<String, byte[]> producer, Path scratch) {
        FeatureManifest manifest = new ShardStore(store, scratch, settings.zooms(), List.of("image", "spectrum",
                "photometry")).manifest();
        if (manifest.version() == 0 || manifest.version() == lastManifest) {
            return;
        }
        LiveModels live = new LiveModels(store);
        boolean missing = settings.zooms().stream().anyMatch(z -> settings.kinds().stream()
                .anyMatch(k -> live.get(k.trim().toLowerCase(java.util.Locale.ROOT), z).isEmpty()));
        int labelled = TrainingRun.labelledTrainTargets(manifest);
        boolean due = (missing && labelled >= settings.minTrainTargets())
                || (lastManifest >= 0 && newTargets.get() >= settings.retrainAfter());
        if (!due) {
            return;
        }
        LOG.infof("training round on manifest %d (%d labelled train targets, %d new since the last round)",
                manifest.version(), labelled, newTargets.get());
        newTargets.set(0);
        for (int zoom : settings.zooms()) {
            List<TrainingRun.Outcome> outcomes = TrainingRun.run(store, scratch.resolve("z" + zoom), manifest, zoom,
                    settings.kinds(), new TrainingRun.Settings(settings.minTrainTargets(), settings.epochs(),
                            settings.patience(), settings.seed(), settings.tolerance()), line -> LOG.info(line),
                    e -> epoch(e, zoom));
            for (TrainingRun.Outcome o : outcomes) {
                producer.send(new ProducerRecord<>(settings.evaluationsTopic(), o.modelId(),
                        Topics.EVALUATIONS.encode(o.evaluated())));
                if (o.published() != null) {
                    producer.send(new ProducerRecord<>(settings.modelsTopic(), o.modelId(),
                            Topics.MODELS.encode(o.published())));
                    liveF1.computeIfAbsent(o.kind() + "/" + zoom, k -> {
                        AtomicReference<Double> ref = new AtomicReference<>(0.0);
                        registry.gauge(Metrics.name(SERVICE, "live_macro_f1"), Tags.of("model", o.kind(), "zoom",
                                Integer.toString(zoom)), ref, AtomicReference::get);
                        return ref;
                    }).set(o.result().test().macroF1());
                }
                registry.counter(Metrics.name(SERVICE, "models_trained"), "model", o.kind(), "live",
                        Boolean.toString(o.promotion().goesLive())).increment();
                registry.timer(Metrics.name(SERVICE, "training"), "model", o.kind())
                        .record(Duration.ofMillis((long) (o.result().seconds() * 1000)));
            }
            producer.flush();
        }
        lastManifest = manifest.version();
        rounds.incrementAndGet();
    }

    /**
     * The progress gauges of one model kind and zoom (epoch, loss, validation macro-F1, samples/s), NaN until it
     * trains; registered at start for every configured kind and zoom so that dashboards find them.
     */
    private double[] progressSlots(String model, int zoom) {
        return progress.computeIfAbsent(model + "/" + zoom, k -> {
            double[] slots = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            Tags tags = Tags.of("model", model, "zoom", Integer.toString(zoom));
            registry.gauge(Metrics.name(SERVICE, "training_epoch"), tags, slots, a -> a[0]);
            registry.gauge(Metrics.name(SERVICE, "training_loss"), tags, slots, a -> a[1]);
            registry.gauge(Metrics.name(SERVICE, "training_validation_macro_f1"), tags, slots, a -> a[2]);
            registry.gauge(Metrics.name(SERVICE, "training_samples_per_second"), tags, slots, a -> a[3]);
            return slots;
        });
    }

    /** Training progress as metrics: the epoch, loss, validation macro-F1 and samples/s of the model in training. */
    private void epoch(ModalityTraining.Epoch e, int zoom) {
        double[] v = progressSlots(e.kind().label(), zoom);
        v[0] = e.epoch();
        v[1] = e.loss();
        v[2] = e.validationMacroF1();
        v[3] = e.samplesPerSecond();
    }

    private Properties consumerProps() {
        Properties p = KafkaClients.readCommittedConsumer(kafka, settings.groupId());
        // a training round runs on this thread between polls: it may take far longer than Kafka's 5-minute default
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.toString((int) Duration.ofHours(6).toMillis()));
        return p;
    }

    private Properties producerProps() {
        return KafkaClients.idempotentProducer(kafka);
    }
}
