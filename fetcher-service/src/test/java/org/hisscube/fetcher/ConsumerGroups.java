package org.hisscube.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumer-group moves for tests that share one broker: a fetcher under test starts its group at the end of the
 * request topic (so earlier tests' requests are none of its business), and a test can wait until every request was
 * acknowledged and then read an output topic to its end (so "exactly once" is counted over everything ever sent).
 */
final class ConsumerGroups {
    private ConsumerGroups() {
    }

    /** Commits the group's offsets at the topic's current end: the group reads only what is published from now on. */
    static void startAtEnd(String bootstrap, String group, String topic) {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> at = new HashMap<>();
            endOffsets(admin, topic).forEach((tp, end) -> at.put(tp, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, at).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start group " + group + " at the end of " + topic + ": " + e, e);
        }
    }

    /** Waits until the group has committed every partition of the topic up to its end (all acknowledged). */
    static void awaitAcknowledged(String bootstrap, String group, String topic, Duration timeout)
            throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, Long> end = endOffsets(admin, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean all = end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (all) {
                    return;
                }
                assertThat(System.nanoTime()).as("group " + group + " acknowledging " + topic + " up to " + end
                        + " (committed: " + committed + ")").isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    /** Polls the consumer until it has read every assigned partition up to the end it has now. */
    static void readToEnd(KafkaConsumer<String, byte[]> consumer, Consumer<ConsumerRecord<String, byte[]>> each,
            Duration timeout) {
        Set<TopicPartition> assigned = consumer.assignment();
        assertThat(assigned).as("partitions assigned to the test consumer").isNotEmpty();
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            assertThat(System.nanoTime()).as("reading to the end " + end).isLessThan(deadline);
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
    }

    /** A consumer of its own group reading from the beginning, with string keys and byte values. */
    static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group, List<String> topics) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        c.subscribe(topics);
        return c;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
