package org.hisscube.servicekit;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.jboss.logging.Logger;

/**
 * Reads the raw bytes of an incoming Kafka record as the event its topic carries and hands it to a handler. A record
 * that is not such an event, or that its handler refuses with an exception, is reported with topic, partition,
 * offset and cause, and set aside on the topic's dead-letter topic; then the record is acknowledged and the
 * consumer goes on. Channels therefore consume {@code byte[]} (ByteArrayDeserializer): decoding never fails inside
 * the Kafka client, and the dead letter keeps the exact bytes.
 */
@ApplicationScoped
public class IncomingEvents {
    private static final Logger LOG = Logger.getLogger(IncomingEvents.class);

    @Inject
    DeadLetters deadLetters;

    /** Handles one event of a known topic. */
    @FunctionalInterface
    public interface Handler {
        void handle(Topic<String, ?> topic, String key, Object event) throws Exception;
    }

    /** Decodes by the record's own topic (for channels that read several topics). */
    public CompletionStage<Void> handle(Message<byte[]> message, Handler handler) {
        IncomingKafkaRecordMetadata<?, ?> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka message"));
        String topicName = meta.getTopic();
        String key = meta.getKey() == null ? null : String.valueOf(meta.getKey());
        byte[] payload = message.getPayload();
        Optional<Topic<String, ?>> topic = Topics.byName(topicName);
        try {
            if (topic.isEmpty()) {
                throw new IllegalStateException("topic '" + topicName + "' is not in the Topics catalogue");
            }
            Object event = topic.get().decode(payload);
            if (event == null) {
                throw new IllegalArgumentException("record has no value (tombstone) where an event was expected");
            }
            handler.handle(topic.get(), key, event);
            return message.ack();
        } catch (Exception e) {
            if (topicName.endsWith(Topic.DEAD_LETTER_SUFFIX)) {
                // never dead-letter a dead letter: report it and move on
                LOG.errorf("unreadable dead letter on %s partition %d offset %d: %s", topicName, meta.getPartition(),
                        meta.getOffset(), e.getMessage());
                return message.ack();
            }
            return deadLetters.send(topicName, meta.getPartition(), meta.getOffset(), key, payload, e)
                    .thenCompose(x -> message.ack())
                    .exceptionallyCompose(err -> {
                        LOG.errorf(err, "could not dead-letter %s partition %d offset %d", topicName,
                                meta.getPartition(), meta.getOffset());
                        return message.nack(err);
                    });
        }
    }

    /** Decodes an event of one expected topic. */
    @SuppressWarnings("unchecked")
    public <V> CompletionStage<Void> handle(Topic<String, V> expected, Message<byte[]> message,
            java.util.function.BiConsumer<String, V> handler) {
        return handle(message, (topic, key, event) -> {
            if (!topic.name().equals(expected.name())) {
                throw new IllegalStateException("expected a record of " + expected.name() + ", got " + topic.name());
            }
            handler.accept(key, (V) event);
        });
    }
}
