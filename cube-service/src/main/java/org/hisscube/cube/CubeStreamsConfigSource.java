package org.hisscube.cube;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.hisscube.cube.streams.CubeStreamsConfig;

/**
 * Gives Quarkus the cube's Kafka Streams settings from their one place, {@link CubeStreamsConfig#settings()}, as
 * {@code kafka-streams.*} properties — the same settings the tests, the fault tests' child process and the benchmark
 * run with. Ordinal 200: below application.properties (250) and the environment (300), so an operator can still
 * override one (e.g. {@code KAFKA_STREAMS_COMMIT_INTERVAL_MS}). Registered in
 * {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}.
 */
public class CubeStreamsConfigSource implements ConfigSource {
    static final String PREFIX = "kafka-streams.";
    private final Map<String, String> properties = new TreeMap<>();

    public CubeStreamsConfigSource() {
        CubeStreamsConfig.settings().forEach((k, v) -> properties.put(PREFIX + k, v));
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.copyOf(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "cube-streams-settings";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
