package org.hisscube.cube.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record on its way out of the topology: the topic it goes to and its value, already encoded with the topic's
 * serde from the catalogue, and its key. One sink routes all of them ({@link #ROUTER}).
 */
public record Outgoing(String topic, String key, byte[] value) {
    /** The record to forward. */
    public org.apache.kafka.streams.processor.api.Record<String, Outgoing> record(long timestamp) {
        return new org.apache.kafka.streams.processor.api.Record<>(key, this, timestamp);
    }

    /** Routes a record to {@link #topic()}. */
    public static final TopicNameExtractor<String, Outgoing> ROUTER = (key, value, context) -> value.topic();

    /** Writes {@link #value()} as is; never read back. */
    public static final Serde<Outgoing> VALUE_SERDE = Serdes.serdeFrom((topic, o) -> o == null ? null : o.value(),
            (topic, bytes) -> {
                throw new UnsupportedOperationException("Outgoing is write-only");
            });
}
