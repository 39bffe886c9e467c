package org.hisscube.contracts.json;

import org.hisscube.contracts.ContractsException;

/** Bytes on a topic could not be read as the event type that topic carries. Names the topic and the reason. */
public class MalformedEventException extends ContractsException {
    private final String topic;
    private final Class<?> expectedType;

    public MalformedEventException(String topic, Class<?> expectedType, String reason, Throwable cause) {
        super("malformed " + expectedType.getSimpleName() + " on topic '" + topic + "': " + reason, cause);
        this.topic = topic;
        this.expectedType = expectedType;
    }

    public String topic() {
        return topic;
    }

    public Class<?> expectedType() {
        return expectedType;
    }
}
