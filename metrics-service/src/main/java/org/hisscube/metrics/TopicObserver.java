package org.hisscube.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.json.MalformedEventException;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.servicekit.IncomingEvents;
import org.jboss.logging.Logger;

/**
 * Consumes every topic of the catalogue under its own group. Consumes {@code observed} (all main topics) and
 * {@code dead-letters-observed} (all {@code <topic>.dlq}); emits dead letters for malformed records on main topics.
 */
@ApplicationScoped
public class TopicObserver {
    private static final Logger LOG = Logger.getLogger(TopicObserver.class);
    @Inject
    IncomingEvents incoming;

    @Inject
    EventCounts counts;

    /**
     * Topics whose own consumer does not exist yet: for these the observer is the consumer that dead-letters
     * malformed records. On the others their service does it, and the observer only counts and logs them.
     */
    @ConfigProperty(name = "hisscube.metrics.dead-letter-topics")
    java.util.Set<String> deadLetterTopics;

    @Incoming("observed")
    public CompletionStage<Void> observe(Message<byte[]> message) {
        String topicName = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getTopic()).orElse("");
        if (!deadLetterTopics.contains(topicName)) {
            var topic = org.hisscube.contracts.Topics.byName(topicName);
            try {
                Object event = topic.orElseThrow(() -> new IllegalStateException("unknown topic " + topicName))
                        .decode(message.getPayload());
                if (event != null) {
                    counts.recordEvent(topicName, event);
                }
            } catch (RuntimeException e) {
                counts.recordMalformed(topicName);
                LOG.warnf("malformed record on %s (its consumer dead-letters it): %s", topicName, e.getMessage());
            }
            return message.ack();
        }
        return incoming.handle(message, (topic, key, event) -> counts.recordEvent(topic.name(), event));
    }

    @Incoming("dead-letters-observed")
    public CompletionStage<Void> observeDeadLetter(Message<byte[]> message) {
        return incoming.handle(message, (topic, key, event) -> {
            if (event instanceof EventDeadLettered letter) {
                counts.recordDeadLetter(topic.name(), letter);
            } else {
                throw new MalformedEventException(topic.name(), EventDeadLettered.class, "not a dead letter", null);
            }
        });
    }
}
