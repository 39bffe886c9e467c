package org.hisscube.trainer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the training loop runs; the last failed round, if any, is in the data. */
@Liveness
@ApplicationScoped
public class TrainerHealthCheck implements HealthCheck {
    @Inject
    TrainerLoop loop;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("trainer-loop");
        loop.lastFailure().ifPresent(f -> b.withData("lastFailure", f));
        return loop.alive() ? b.up().build() : b.down().build();
    }
}
