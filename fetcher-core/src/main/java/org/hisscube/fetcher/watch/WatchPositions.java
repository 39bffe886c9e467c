package org.hisscube.fetcher.watch;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.CatalogWatchAdvanced;
import org.hisscube.contracts.json.MalformedEventException;
import org.jboss.logging.Logger;

/**
 * A watch's positions, kept in Kafka (compacted topic {@code fetcher.watch-positions}), not in a local file: a
 * restarted fetcher, on any machine, resumes where the last one stopped.
 */
public final class WatchPositions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WatchPositions.class);

    private final KafkaConnection kafka;
    private final KafkaProducer<String, byte[]> producer;

    /** Positions kept through {@code kafka} (the fetcher's connection: a secured broker's settings included). */
    public WatchPositions(KafkaConnection kafka) {
        this.kafka = kafka;
        Map<String, Object> config = kafka.clientConfig();
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        this.producer = new KafkaProducer<>(config);
    }

    /** Position per source for this watch: the latest record per key, read from the start of the topic. */
    public Map<String, Long> load(String watchId) {
        Map<String, Long> done = new HashMap<>();
        String topic = Topics.WATCH_POSITIONS.name();
        Map<String, Object> config = kafka.clientConfig();
        config.putAll(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        CatalogWatchAdvanced p = Topics.WATCH_POSITIONS.decode(r.value());
                        if (p.watchId().equals(watchId)) {
                            done.put(p.source(), p.position());
                        }
                    } catch (MalformedEventException e) {
                        LOG.warnf("ignoring unreadable watch position at offset %d: %s", r.offset(), e.getMessage());
                    }
                }
            }
        }
        return done;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Records a position; returns once the broker has acknowledged it. */
    public void save(CatalogWatchAdvanced position) {
        try {
            producer.send(new ProducerRecord<>(Topics.WATCH_POSITIONS.name(), position.key(),
                    Topics.WATCH_POSITIONS.encode(position))).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot record watch position " + position.key() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
