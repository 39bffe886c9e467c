package org.hisscube.contracts;

import org.apache.kafka.common.serialization.Serde;
import org.hisscube.contracts.json.JsonSerde;

/**
 * A topic bound to its key and value serdes, so a producer and a consumer of it cannot disagree.
 *
 * @param partitions the partition count deployments create it with
 * @param compacted  whether the topic keeps only the latest value per key
 * @param retentionMs how long a record is kept, milliseconds; {@link #FOREVER} for topics the system replays from
 */
public record Topic<K, V>(String name, Serde<K> keySerde, JsonSerde<V> valueSerde, int partitions,
        boolean compacted, long retentionMs) {
    /** {@code retention.ms} of a topic whose records are kept until compaction (or forever). */
    public static final long FOREVER = -1;

    /** The suffix of every dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public Topic {
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be >= 1, got " + partitions);
        }
        if (retentionMs != FOREVER && retentionMs <= 0) {
            throw new IllegalArgumentException(name + ": retention must be positive or FOREVER, got " + retentionMs);
        }
    }

    /**
     * The topic-level configuration every deployment creates it with (the local stack's admin client, the
     * {@code KafkaTopic} resources of {@code k8s/}): {@code cleanup.policy} and {@code retention.ms}.
     */
    public java.util.Map<String, String> configs() {
        return java.util.Map.of("cleanup.policy", compacted ? "compact" : "delete",
                "retention.ms", Long.toString(retentionMs));
    }

    public Class<V> valueType() {
        return valueSerde.type();
    }

    /** The name of this topic's dead-letter topic, {@code <name>.dlq}. */
    public String deadLetterName() {
        return name + DEAD_LETTER_SUFFIX;
    }

    public boolean isDeadLetterTopic() {
        return name.endsWith(DEAD_LETTER_SUFFIX);
    }

    /** Reads a value published on this topic; throws {@link org.hisscube.contracts.json.MalformedEventException}. */
    public V decode(byte[] value) {
        return valueSerde.fromBytes(name, value);
    }

    public byte[] encode(V value) {
        return valueSerde.toBytes(value);
    }
}
