package org.hisscube.cube;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.hisscube.cube.streams.StreamFailurePolicy;

/**
 * Live while the stream failure policy has not given up; DOWN, with the last failure, once it has (the Kafka Streams
 * client is shut down then, and only a restart of the service resumes processing — on Kubernetes the liveness probe
 * does that).
 */
@Liveness
@ApplicationScoped
public class StreamsHealthCheck implements HealthCheck {
    @Inject
    StreamFailurePolicy policy;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("cube-streams-failures")
                .withData("consecutiveThreadFailures", policy.consecutiveFailures());
        return policy.gaveUp().map(why -> b.down().withData("gaveUp", why).build()).orElseGet(() -> b.up().build());
    }
}
