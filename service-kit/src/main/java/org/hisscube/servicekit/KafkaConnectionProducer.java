package org.hisscube.servicekit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.hisscube.contracts.KafkaConnection;

/**
 * The service's one {@link KafkaConnection}, from {@code kafka.bootstrap.servers}, {@code kafka.security.protocol},
 * {@code kafka.sasl.*} and {@code kafka.ssl.*} — the keys (and environment variables {@code KAFKA_*}) the SmallRye
 * Kafka channels read too. Every plain client and admin client of a service is built from it.
 */
public class KafkaConnectionProducer {
    @Produces
    @Singleton
    KafkaConnection connection(Config config) {
        return KafkaConnection.fromConfig(key -> config.getOptionalValue(key, String.class));
    }
}
