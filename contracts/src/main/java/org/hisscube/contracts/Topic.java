package org.hisscube.contracts;

import org.apache.kafka.common.serialization.Serde;
import org.hisscube.contracts.json.JsonSerde;

/**
 * A topic bound to its key and value serdes, so a producer and a consumer of it cannot disagree.
 *
 * @param partitions the partition count deployments create it with
 * @param compacted  whether the topic keeps only the latest value per key
 */
public record Topic<K, V>(String name, Serde<K> keySerde, JsonSerde<V> valueSerde, int partitions,
        boolean compacted) {
    /** The suffix of every dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

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
