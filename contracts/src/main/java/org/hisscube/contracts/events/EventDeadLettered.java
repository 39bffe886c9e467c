package org.hisscube.contracts.events;

import java.time.Instant;
import java.util.Base64;

/**
 * A record could not be processed and was set aside on {@code <topic>.dlq}. Nothing is lost: the original bytes
 * travel along (base64), with where they came from and why they were refused.
 *
 * @param service       the service that refused it
 * @param sourceTopic   topic the record was read from
 * @param partition     its partition, -1 where it did not come from Kafka
 * @param offset        its offset, -1 where it did not come from Kafka
 * @param key           the record key as text, may be null
 * @param payloadBase64 the original value bytes
 * @param cause         a sentence naming what is wrong (file, HDU, field)
 * @param errorType     the exception class (with its cause code where it has one, e.g.
 *                      {@code FetcherException:http_404}), for counting by cause
 */
public record EventDeadLettered(String eventId, int schemaVersion, Instant occurredAt, String service,
        String sourceTopic, int partition, long offset, String key, String payloadBase64, String cause,
        String errorType) implements Event {
    public EventDeadLettered {
        EventChecks.header(eventId, schemaVersion, occurredAt);
        EventChecks.requireText(service, "service");
        EventChecks.requireText(sourceTopic, "sourceTopic");
        EventChecks.requireText(cause, "cause");
        EventChecks.requireText(errorType, "errorType");
    }

    public static EventDeadLettered of(String service, String sourceTopic, int partition, long offset, String key,
            byte[] payload, Throwable error) {
        String cause = error.getMessage() == null || error.getMessage().isBlank() ? error.getClass().getName()
                : error.getMessage();
        return new EventDeadLettered(EventChecks.newId(), SCHEMA_VERSION, Instant.now(), service, sourceTopic,
                partition, offset, key, payload == null ? null : Base64.getEncoder().encodeToString(payload), cause,
                error instanceof org.hisscube.contracts.CauseCoded coded
                        ? error.getClass().getSimpleName() + ":" + coded.causeCode()
                        : error.getClass().getSimpleName());
    }

    /** The original bytes, or null where the record had no value. */
    public byte[] payload() {
        return payloadBase64 == null ? null : Base64.getDecoder().decode(payloadBase64);
    }
}
