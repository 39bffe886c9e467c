package org.hisscube.cube;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What happens when a record's processing throws past the topology's own handling (an outage that outlasted the
 * retries): the stream thread is replaced and resumes from the last committed transaction, so nothing is lost and
 * nothing is done twice. Quarkus installs this bean before it starts Kafka Streams.
 */
@ApplicationScoped
public class StreamsErrorHandling {
    private static final Logger LOG = Logger.getLogger(StreamsErrorHandling.class);

    @Produces
    StreamsUncaughtExceptionHandler replaceThread() {
        return e -> {
            LOG.errorf(e, "stream thread failed; replacing it (processing resumes from the last commit)");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }
}
