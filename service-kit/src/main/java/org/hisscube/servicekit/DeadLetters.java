package org.hisscube.servicekit;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.jboss.logging.Logger;

/**
 * Sets refused records aside on {@code <topic>.dlq} as {@link EventDeadLettered}, with the original bytes, the
 * topic/partition/offset they came from and the cause. The dead letter is keyed by {@code topic/partition/offset}, so
 * a replay of the same refusal lands on the same key.
 */
@ApplicationScoped
public class DeadLetters {
    /** The outgoing channel of dead letters (configured in service-kit's microprofile-config.properties). */
    public static final String CHANNEL = "dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** Publishes the dead letter; the returned stage completes once the broker has acknowledged it. */
    public CompletionStage<Void> send(String sourceTopic, int partition, long offset, String key, byte[] payload,
            Throwable cause) {
        EventDeadLettered letter = EventDeadLettered.of(service, sourceTopic, partition, offset, key, payload, cause);
        String dlq = sourceTopic.endsWith(Topic.DEAD_LETTER_SUFFIX) ? sourceTopic
                : sourceTopic + Topic.DEAD_LETTER_SUFFIX;
        LOG.warnf("dead-lettering %s partition %d offset %d (key %s) to %s: %s", sourceTopic, partition, offset, key,
                dlq, letter.cause());
        registry.counter(Metrics.name(service, "dead_letters"), "topic", sourceTopic, "cause", letter.errorType())
                .increment();
        byte[] value = Topics.DEAD_LETTER_SERDE.toBytes(letter);
        Message<byte[]> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(dlq).withKey(sourceTopic + "/" + partition + "/" + offset).build());
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }
}
