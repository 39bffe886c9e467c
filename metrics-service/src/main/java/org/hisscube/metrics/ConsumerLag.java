package org.hisscube.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.servicekit.Metrics;
import org.jboss.logging.Logger;

/**
 * Consumer lag of every consumer group on the broker, per topic and partition, the way Kafka's own
 * {@code kafka-consumer-groups --describe} computes it: the partition's end offset minus the group's committed offset.
 * Read from the broker with the admin client every {@code hisscube.metrics.lag-interval}, so it covers every service
 * (plain consumers, reactive-messaging channels and Kafka Streams alike) without instrumenting their clients.
 * Exported as {@code hisscube_metrics_consumer_lag_records{group,topic,partition}}; a partition the group no longer
 * commits to keeps its last value until the group is deleted. Topics written in transactions count their commit
 * markers, so a caught-up transactional partition can show a lag of one.
 */
@ApplicationScoped
public class ConsumerLag {
    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

    /** One partition's lag for one group. */
    public record Lag(String group, String topic, int partition, long committed, long end, long lag) {
    }

    @Inject
    MeterRegistry registry;

    @Inject
    KafkaConnection kafka;

    @ConfigProperty(name = "hisscube.metrics.lag-interval", defaultValue = "5s")
    Duration interval;

    private final Map<String, Lag> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private Admin admin;

    void start(@Observes StartupEvent e) {
        Properties p = kafka.properties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "metrics-service-lag");
        admin = Admin.create(p);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consumer-lag");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, 1000, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** The latest lag of every group, topic and partition, by group. */
    public Map<String, List<Lag>> byGroup() {
        Map<String, List<Lag>> out = new TreeMap<>();
        lags.values().stream().sorted(java.util.Comparator.comparing(Lag::topic).thenComparingInt(Lag::partition))
                .forEach(l -> out.computeIfAbsent(l.group(), g -> new ArrayList<>()).add(l));
        return out;
    }

    void poll() {
        try {
            Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS);
            for (ConsumerGroupListing g : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                committed.values().removeIf(java.util.Objects::isNull);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> ask = committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(ask).all().get(15, TimeUnit.SECONDS);
                committed.forEach((tp, om) -> {
                    var end = ends.get(tp);
                    if (end == null) {
                        return;
                    }
                    record(new Lag(g.groupId(), tp.topic(), tp.partition(), om.offset(), end.offset(),
                            Math.max(0, end.offset() - om.offset())));
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("consumer lag not read this round: %s", e.getMessage());
        }
    }

    private void record(Lag lag) {
        String key = lag.group() + "|" + lag.topic() + "|" + lag.partition();
        if (lags.put(key, lag) == null) {
            Gauge.builder(Metrics.name("metrics-service", "consumer_lag"), lags,
                    m -> m.containsKey(key) ? m.get(key).lag() : Double.NaN)
                    .tags(Tags.of("group", lag.group(), "topic", lag.topic(), "partition",
                            Integer.toString(lag.partition())))
                    .baseUnit("records").description("end offset minus the group's committed offset")
                    .register(registry);
        }
    }
}
