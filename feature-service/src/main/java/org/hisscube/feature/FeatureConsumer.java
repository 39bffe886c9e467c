package org.hisscube.feature;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.features.Featurizer;
import org.hisscube.features.TargetFeatures;
import org.hisscube.features.TargetRefusedException;
import org.hisscube.learning.LearningException;
import org.hisscube.servicekit.DeadLetters;
import org.hisscube.servicekit.KafkaClients;
import org.jboss.logging.Logger;

/**
 * The service's one consumer of {@code hisscube.targets} ({@code read_committed}, manual commits). Each polled
 * target is featurised at once; featurised targets wait (at most {@code shard-targets} of them, at most
 * {@code linger}) and are then written as one shard per zoom and a new manifest, their embeddings are published and
 * acknowledged by the broker, and only then are the offsets committed — so a crash replays at most the unwritten
 * batch, and a replayed target the manifest already holds is not written again. A refused target (missing or
 * unreadable file, no bands, all NaN) and an undecodable record go to {@code hisscube.targets.dlq} with the cause;
 * any other failure (store or broker outage, a bug) drops the batch, waits with backoff, and resumes from the last
 * commit; after {@code max-failures} in a row the liveness check turns DOWN.
 */
@ApplicationScoped
public class FeatureConsumer {
    private static final Logger LOG = Logger.getLogger(FeatureConsumer.class);

    @Inject
    FeatureSettings settings;

    @Inject
    ObjectStore store;

    @Inject
    DeadLetters deadLetters;

    @Inject
    FeatureMetrics metrics;

    @Inject
    KafkaConnection kafka;

    private volatile boolean running;
    private Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "feature-consumer");
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
            thread.join(30_000);
        }
    }

    /** Failed batches in a row, and the last failure (for the liveness check). */
    int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    boolean alive() {
        return thread != null && thread.isAlive() && consecutiveFailures.get() < settings.maxFailures();
    }

    private Path scratch() throws IOException {
        Path p = settings.scratch().orElse(Path.of(System.getProperty("java.io.tmpdir"), "hisscube-feature-service"));
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(x);
                }
            }
        }
        return Files.createDirectories(p);
    }

    private void run() {
        Duration backoff = settings.firstBackoff();
        while (running) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps());
                    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProps())) {
                consumer = c;
                FeaturePipeline pipeline = new FeaturePipeline(store, Featurizer.sdss(), settings.zooms(), scratch());
                metrics.manifest(pipeline.manifest().version());
                LOG.infof("consuming %s as %s; manifest version %d; zooms %s, shards of up to %d targets",
                        settings.targetsTopic(), settings.groupId(), pipeline.manifest().version(), settings.zooms(),
                        settings.shardTargets());
                c.subscribe(List.of(settings.targetsTopic(), settings.modelsTopic()));
                consume(c, producer, pipeline);
                return;
            } catch (WakeupException e) {
                return;
            } catch (Exception | Error e) {
                if (!running) {
                    return;
                }
                int n = consecutiveFailures.incrementAndGet();
                lastFailure.set(e.toString());
                metrics.failed();
                LOG.errorf(e, "feature batch failed (%d in a row); resuming from the last commit in %s", n, backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> c, KafkaProducer<String, byte[]> producer,
            FeaturePipeline pipeline) {
        List<FeaturePipeline.Pending> buffer = new ArrayList<>();
        long oldest = 0;
        while (running) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                if (r.topic().equals(settings.modelsTopic())) {
                    onModel(pipeline, producer, r);
                    continue;
                }
                Optional<FeaturePipeline.Pending> p = featurise(pipeline, r);
                if (p.isPresent()) {
                    if (buffer.isEmpty()) {
                        oldest = System.nanoTime();
                    }
                    buffer.add(p.get());
                }
            }
            boolean due = !buffer.isEmpty() && (buffer.size() >= settings.shardTargets()
                    || System.nanoTime() - oldest >= settings.linger().toNanos());
            if (due) {
                FeaturePipeline.Flushed f = pipeline.flush(buffer);
                for (FeaturesComputed e : f.events()) {
                    producer.send(new ProducerRecord<>(settings.embeddingsTopic(), Long.toString(e.targetId()),
                            Topics.EMBEDDINGS.encode(e)));
                }
                producer.flush();
                for (FeaturePipeline.Pending p : buffer) {
                    p.features().forEach(x -> metrics.featurised(x.zoom()));
                    metrics.published(p.event().occurredAt());
                }
                metrics.shardsWritten(f.written() > 0 ? settings.zooms().size() : 0, f.bytes(),
                        f.manifest().version());
                LOG.infof("manifest %d: %d target(s) written, %d already there, %d embedding events, %.1f kB of "
                        + "shards", f.manifest().version(), f.written(), f.skipped(), f.events().size(),
                        f.bytes() / 1e3);
                buffer.clear();
            }
            if (buffer.isEmpty()) {
                c.commitSync();
                consecutiveFailures.set(0);
            }
        }
    }

    /**
     * A published model: loaded as the encoder of its modality and zoom; every live target re-embedded with it once
     * (the events acknowledged before the marker is written). A model that cannot be loaded is dead-lettered.
     */
    private void onModel(FeaturePipeline pipeline, KafkaProducer<String, byte[]> producer,
            ConsumerRecord<String, byte[]> r) {
        ModelPublished m;
        FeaturePipeline.ModelOutcome outcome;
        try {
            m = Topics.MODELS.decode(r.value());
            if (m == null) {
                throw new IllegalArgumentException("record has no value (tombstone) where a ModelPublished was "
                        + "expected");
            }
            outcome = pipeline.onModel(m);
        } catch (LearningException | IllegalArgumentException e) {
            deadLetter(r, e);
            return;
        }
        for (FeaturesComputed e : outcome.events()) {
            producer.send(new ProducerRecord<>(settings.embeddingsTopic(), Long.toString(e.targetId()),
                    Topics.EMBEDDINGS.encode(e)));
        }
        producer.flush();
        if (!outcome.alreadyDone()) {
            pipeline.markDone(m);
        }
        metrics.encoder(m.modality().name().toLowerCase(java.util.Locale.ROOT), m.zoom(), m.modelId(),
                outcome.events().size());
        LOG.infof("model %s (%s, zoom %d) is the encoder now; %s", m.modelId(), m.modality(), m.zoom(),
                outcome.alreadyDone() ? "its targets were re-embedded before" : outcome.events().size()
                        + " targets re-embedded");
    }

    /** The record's features, or empty when it was dead-lettered (bad bytes or a refused target). */
    private Optional<FeaturePipeline.Pending> featurise(FeaturePipeline pipeline, ConsumerRecord<String, byte[]> r) {
        TargetUpdated event;
        try {
            event = Topics.TARGETS.decode(r.value());
            if (event == null) {
                throw new IllegalArgumentException("record has no value (tombstone) where a TargetUpdated was "
                        + "expected");
            }
        } catch (RuntimeException e) {
            deadLetter(r, e);
            return Optional.empty();
        }
        try {
            List<TargetFeatures> features = pipeline.featurise(event);
            return Optional.of(new FeaturePipeline.Pending(event, features));
        } catch (TargetRefusedException e) {
            metrics.refused(e.causeCode());
            deadLetter(r, e);
            return Optional.empty();
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, Exception e) {
        deadLetters.send(r.topic(), r.partition(), r.offset(), r.key(), r.value(), e).toCompletableFuture().join();
    }

    private Properties consumerProps() {
        Properties p = KafkaClients.readCommittedConsumer(kafka, settings.groupId());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.shardTargets()));
        // re-embedding every live target with a new encoder runs between polls: allow it an hour
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.toString((int) Duration.ofHours(1).toMillis()));
        return p;
    }

    private Properties producerProps() {
        return KafkaClients.idempotentProducer(kafka);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
