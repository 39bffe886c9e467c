package org.hisscube.servicekit;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hisscube.contracts.KafkaConnection;

/**
 * Settings of the plain Kafka clients that services run on their own threads (where a batch must be written before
 * its offsets are committed): string keys, raw bytes as values (decoding happens in the service, so a malformed
 * record can be dead-lettered intact).
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** A consumer of committed records only, offsets committed by the caller, from the earliest when new. */
    public static Properties readCommittedConsumer(KafkaConnection connection, String groupId) {
        Properties p = connection.properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** An idempotent producer whose sends are acknowledged by all in-sync replicas. */
    public static Properties idempotentProducer(KafkaConnection connection) {
        Properties p = connection.properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
