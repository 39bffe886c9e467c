package org.hisscube.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.json.MalformedEventException;
import org.hisscube.servicekit.IncomingEvents;

/**
 * Consumes every topic of the catalogue under its own group. Consumes {@code observed} (all main topics) and
 * {@code dead-letters-observed} (all {@code <topic>.dlq}); emits dead letters for malformed records on main topics.
 */
@ApplicationScoped
public class TopicObserver {
    @Inject
    IncomingEvents incoming;

    @Inject
    EventCounts counts;

    @Incoming("observed")
    public CompletionStage<Void> observe(Message<byte[]> message) {
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
