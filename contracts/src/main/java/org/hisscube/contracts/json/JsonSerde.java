package org.hisscube.contracts.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one event record type, as JSON. Deserialization failures become {@link MalformedEventException}
 * naming the topic, the expected type and the first thing wrong (bad JSON, missing field, unsupported version).
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    public Class<T> type() {
        return type;
    }

    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    public T fromBytes(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new MalformedEventException(topic, type, "empty value", null);
        }
        try {
            return Json.mapper().readValue(data, type);
        } catch (ValueInstantiationException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            throw new MalformedEventException(topic, type, root.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new MalformedEventException(topic, type, e.getOriginalMessage() + " at " + e.getPathReference(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(topic, type, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException(topic, type, e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> toBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::fromBytes;
    }
}
