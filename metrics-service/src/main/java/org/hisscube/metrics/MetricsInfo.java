package org.hisscube.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.hisscube.servicekit.ServiceTopics;

/** The topics metrics-service reads and writes, served at {@code /api/info} by service-kit's ServiceInfoResource. */
@Singleton
public class MetricsInfo {

    /**
     * Reads every topic of the catalogue, dead-letter topics included; writes the dead letters of the topics it is the
     * dead-lettering consumer of ({@code hisscube.metrics.dead-letter-topics}), and no others.
     */
    @Produces
    @Singleton
    ServiceTopics topics(@ConfigProperty(name = "hisscube.metrics.dead-letter-topics") Set<String> deadLettered) {
        List<String> produces = Topics.main().stream().filter(t -> deadLettered.contains(t.name()))
                .map(Topic::deadLetterName).toList();
        return new ServiceTopics(Topics.all().stream().map(Topic::name).toList(), produces);
    }
}
