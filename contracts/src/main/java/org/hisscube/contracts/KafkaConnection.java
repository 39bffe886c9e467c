package org.hisscube.contracts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * How every Kafka client of the system reaches the broker: the bootstrap servers and the security settings (TLS,
 * SASL as Strimzi or any secured cluster sets them up). One set of settings for every client of a service — the
 * SmallRye channels, Kafka Streams, and the plain producers, consumers and admin clients services run on their own
 * threads — so a secured cluster can't be half-configured.
 *
 * <p>The settings are the Kafka client keys in {@link #KEYS}; services read them from their configuration as
 * {@code kafka.<key>}, i.e. from the environment as {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ...
 *
 * @param settings client settings by Kafka key; always holds {@code bootstrap.servers}
 */
public record KafkaConnection(Map<String, String> settings) {
    /** The configuration prefix of the settings in a service ({@code kafka.security.protocol}, ...). */
    public static final String CONFIG_PREFIX = "kafka.";

    /** The client settings a connection carries: where the broker is and how to authenticate and encrypt. */
    public static final List<String> KEYS = List.of(
            "bootstrap.servers",
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.truststore.type",
            "ssl.keystore.location",
            "ssl.keystore.password",
            "ssl.keystore.type",
            "ssl.key.password",
            "ssl.endpoint.identification.algorithm");

    public KafkaConnection {
        String bootstrap = settings.get("bootstrap.servers");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("a Kafka connection needs bootstrap.servers");
        }
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("not a Kafka connection setting: " + key + "; known: " + KEYS);
            }
        }
        settings = Map.copyOf(settings);
    }

    /** A plaintext connection (the local stack's default). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(Map.of("bootstrap.servers", bootstrapServers));
    }

    /**
     * The connection a configuration describes: {@code lookup} is asked for {@code kafka.<key>} of every key in
     * {@link #KEYS}; blank values count as absent.
     */
    public static KafkaConnection fromConfig(Function<String, Optional<String>> lookup) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : KEYS) {
            lookup.apply(CONFIG_PREFIX + key).filter(v -> !v.isBlank()).ifPresent(v -> m.put(key, v));
        }
        return new KafkaConnection(m);
    }

    public String bootstrapServers() {
        return settings.get("bootstrap.servers");
    }

    /** Whether the connection authenticates or encrypts (anything but plaintext). */
    public boolean secured() {
        return !settings.getOrDefault("security.protocol", "PLAINTEXT").equalsIgnoreCase("PLAINTEXT");
    }

    /** The settings as client properties, to be completed with the client's own (serialisers, group, ...). */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(settings);
        return p;
    }

    /** The settings as a mutable map of client configuration. */
    public Map<String, Object> clientConfig() {
        return new LinkedHashMap<>(settings);
    }

    /** The settings as service configuration keys ({@code kafka.security.protocol}, ...). */
    public Map<String, String> asServiceConfig() {
        Map<String, String> m = new LinkedHashMap<>();
        KEYS.stream().filter(settings::containsKey).forEach(k -> m.put(CONFIG_PREFIX + k, settings.get(k)));
        return m;
    }

    /** Never prints secrets: the JAAS configuration and passwords are masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        settings.forEach((k, v) -> shown.put(k, k.contains("password") || k.contains("jaas") ? "****" : v));
        return "KafkaConnection" + shown;
    }
}
