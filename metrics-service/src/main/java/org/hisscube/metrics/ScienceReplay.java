package org.hisscube.metrics;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.ExperimentCompleted;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.ModelEvaluated;
import org.hisscube.contracts.events.ModelPublished;
import org.jboss.logging.Logger;

/**
 * Rebuilds the science view after a restart. The observer's consumer group resumes from its committed offsets, so a
 * restarted metrics-service would otherwise know no live model, featurised target or experiment from before. At start
 * a group-less consumer reads {@code trainer.evaluations}, {@code trainer.models}, {@code features.embeddings} and
 * {@code experiments.summaries} from the beginning to their end offsets at that moment, in offset order per partition,
 * into the {@link ScienceView} and the experiments; what the observer then reads again is applied again, which these
 * views absorb (the latest state per model kind and zoom, sets of targets, the latest run per experiment). Counters are
 * not replayed: Prometheus counters start from zero after a restart, as rate() expects. Malformed records are skipped
 * here; the observer dead-letters them once.
 */
@ApplicationScoped
public class ScienceReplay {
    private static final Logger LOG = Logger.getLogger(ScienceReplay.class);

    @Inject
    ScienceView science;

    @Inject
    EventCounts counts;

    @Inject
    KafkaConnection kafka;

    @ConfigProperty(name = "hisscube.metrics.replay-on-start", defaultValue = "true")
    boolean enabled;

    private volatile boolean done;

    /** True once the replay has read every partition to the end offset it had at start. */
    public boolean done() {
        return done;
    }

    void start(@Observes StartupEvent e) {
        if (!enabled) {
            done = true;
            return;
        }
        Thread t = new Thread(this::replay, "science-replay");
        t.setDaemon(true);
        t.start();
    }

    void replay() {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "metrics-service-science-replay");
        long t0 = System.nanoTime();
        int events = 0;
        List<Topic<String, ?>> topics = List.of(Topics.EVALUATIONS, Topics.MODELS, Topics.EMBEDDINGS,
                Topics.EXPERIMENTS);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (Topic<String, ?> topic : topics) {
                List<PartitionInfo> info = c.partitionsFor(topic.name(), Duration.ofSeconds(30));
                if (info != null) {
                    info.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            end.entrySet().removeIf(x -> x.getValue() == 0);
            while (!end.isEmpty()) {
                for (var r : c.poll(Duration.ofSeconds(1))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    try {
                        apply(Topics.byName(r.topic()).orElseThrow().decode(r.value()));
                        events++;
                    } catch (RuntimeException malformed) {
                        // the observer dead-letters it
                    }
                    if (end.containsKey(tp) && r.offset() + 1 >= end.get(tp)) {
                        end.remove(tp);
                    }
                }
                // a partition whose last records are transaction markers ends where the consumer's position is
                end.entrySet().removeIf(x -> c.position(x.getKey()) >= x.getValue());
            }
            LOG.infof("science view rebuilt from %d events of %s in %d ms", events,
                    topics.stream().map(Topic::name).toList(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException ex) {
            LOG.warnf("science view not rebuilt from the topics (it fills from new events): %s", ex.getMessage());
        } finally {
            done = true;
        }
    }

    private void apply(Object event) {
        if (event instanceof ModelEvaluated e) {
            science.onEvaluated(e);
        } else if (event instanceof ModelPublished m) {
            science.onPublished(m);
        } else if (event instanceof FeaturesComputed f) {
            science.onFeatures(f);
        } else if (event instanceof ExperimentCompleted x) {
            counts.rememberExperiment(x);
        }
    }
}
