package org.hisscube.cube;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.cube.streams.CubeStreamsConfig;

/**
 * Gives Quarkus the cube's Kafka Streams settings as {@code kafka-streams.*} properties:
 * <ul>
 *   <li>the topology's settings from their one place, {@link CubeStreamsConfig#settings()} — the same settings the
 *       tests, the fault tests' child process and the benchmark run with;</li>
 *   <li>the service's Kafka security settings ({@code kafka.security.protocol}, {@code kafka.sasl.*},
 *       {@code kafka.ssl.*}, i.e. {@code KAFKA_SECURITY_PROTOCOL}, ... in the environment), so Kafka Streams reaches a
 *       secured broker with exactly the settings of the service's other clients ({@link KafkaConnection});</li>
 *   <li>{@code application.server} from {@code hisscube.cube.advertised-url}, so replicas find each other
 *       ({@link CubeCluster}).</li>
 * </ul>
 * Ordinal 200: below application.properties (250) and the environment (300), so an operator can still override one
 * (e.g. {@code KAFKA_STREAMS_COMMIT_INTERVAL_MS}). Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class CubeStreamsConfigSource implements ConfigSourceFactory {
    static final String PREFIX = "kafka-streams.";
    static final String NAME = "cube-streams-settings";
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new MapBackedConfigSource(NAME, properties(name -> {
            ConfigValue v = context.getValue(name);
            return v == null ? null : v.getValue();
        }), ORDINAL) {
        });
    }

    /** The {@code kafka-streams.*} properties, given a lookup of the service's other configuration. */
    static Map<String, String> properties(java.util.function.Function<String, String> lookup) {
        Map<String, String> properties = new TreeMap<>();
        CubeStreamsConfig.settings().forEach((k, v) -> properties.put(PREFIX + k, v));
        for (String key : KafkaConnection.KEYS) {
            if (key.equals("bootstrap.servers")) {
                continue; // quarkus.kafka-streams.bootstrap-servers, from kafka.bootstrap.servers
            }
            String value = lookup.apply(KafkaConnection.CONFIG_PREFIX + key);
            if (value != null && !value.isBlank()) {
                properties.put(PREFIX + key, value);
            }
        }
        String advertised = lookup.apply("hisscube.cube.advertised-url");
        if (advertised != null && !advertised.isBlank()) {
            var host = CubeCluster.hostInfo(advertised.trim());
            properties.put(PREFIX + "application.server", host.host() + ":" + host.port());
        }
        return properties;
    }
}
