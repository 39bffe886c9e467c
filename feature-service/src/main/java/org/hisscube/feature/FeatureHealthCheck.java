package org.hisscube.feature;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the consumer runs and has not failed {@code max-failures} batches in a row. */
@Liveness
@ApplicationScoped
public class FeatureHealthCheck implements HealthCheck {
    @Inject
    FeatureConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("feature-consumer").withData("consecutiveFailures",
                consumer.consecutiveFailures());
        consumer.lastFailure().ifPresent(f -> b.withData("lastFailure", f));
        return consumer.alive() ? b.up().build() : b.down().build();
    }
}
