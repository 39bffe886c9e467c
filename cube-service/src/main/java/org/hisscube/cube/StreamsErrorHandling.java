package org.hisscube.cube;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.hisscube.cube.streams.CubeMetrics;
import org.hisscube.cube.streams.StreamFailurePolicy;

/**
 * What happens when a record's processing throws past the topology's own handling (an outage that outlasted the
 * in-thread retries, or a programming error): {@link StreamFailurePolicy} replaces the stream thread after a backoff
 * (processing resumes from the last committed transaction) and gives up after a bounded number of consecutive
 * failures, which turns the liveness check DOWN ({@link StreamsHealthCheck}). The policy is itself the
 * {@code StreamsUncaughtExceptionHandler} bean (one bean of that type: a second producer would be ambiguous), which
 * Quarkus installs before it starts Kafka Streams.
 */
@ApplicationScoped
public class StreamsErrorHandling {

    @Produces
    @ApplicationScoped
    StreamFailurePolicy policy(CubeSettings settings, CubeMetrics metrics) {
        CubeSettings.ThreadFailures f = settings.threadFailures();
        return new StreamFailurePolicy(new StreamFailurePolicy.Settings(f.max(), f.firstBackoff(), f.maxBackoff(),
                f.window()), metrics);
    }
}
