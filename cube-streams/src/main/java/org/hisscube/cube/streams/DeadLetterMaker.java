package org.hisscube.cube.streams;

import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.jboss.logging.Logger;

/**
 * Makes the dead letter of a refused record, with its bytes, where it came from and why, for the topology's own
 * sink (so it is written in the same transaction as everything else the record caused). Keyed by
 * {@code topic/partition/offset}: a replay of the same refusal lands on the same key.
 */
final class DeadLetterMaker {
    private static final Logger LOG = Logger.getLogger(DeadLetterMaker.class);
    private final String service;
    private final CubeMetrics metrics;

    DeadLetterMaker(String service, CubeMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /** The dead letter of an event that did not come straight from a topic (partition and offset -1). */
    Outgoing of(String sourceTopic, String key, byte[] payload, Throwable error) {
        EventDeadLettered letter = EventDeadLettered.of(service, sourceTopic, -1, -1, key, payload, error);
        LOG.warnf("dead-lettering %s (key %s): %s", sourceTopic, key, letter.cause());
        metrics.deadLettered(sourceTopic, letter.errorType());
        return new Outgoing(CubeTopicNames.deadLetterOf(sourceTopic), sourceTopic + "/" + key,
                Topics.DEAD_LETTER_SERDE.toBytes(letter));
    }

    /** The dead letter of {@code record}, read from {@code meta}'s topic. */
    Outgoing of(Record<String, byte[]> record, RecordMetadata meta, Throwable error) {
        String topic = meta.topic();
        EventDeadLettered letter = EventDeadLettered.of(service, topic, meta.partition(), meta.offset(),
                record.key(), record.value(), error);
        LOG.warnf("dead-lettering %s partition %d offset %d (key %s): %s", topic, meta.partition(), meta.offset(),
                record.key(), letter.cause());
        metrics.deadLettered(topic, letter.errorType());
        return new Outgoing(CubeTopicNames.deadLetterOf(topic), topic + "/" + meta.partition() + "/" + meta.offset(),
                Topics.DEAD_LETTER_SERDE.toBytes(letter));
    }
}
