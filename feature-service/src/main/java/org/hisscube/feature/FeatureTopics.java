package org.hisscube.feature;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.hisscube.contracts.Topics;
import org.hisscube.servicekit.ServiceTopics;

/**
 * The topics feature-service reads and writes, by their catalogue entries; served at {@code /api/info} by
 * service-kit's ServiceInfoResource.
 */
@Singleton
public class FeatureTopics {

    @Produces
    @Singleton
    ServiceTopics topics() {
        return ServiceTopics.of(List.of(Topics.TARGETS, Topics.MODELS),
                List.of(Topics.EMBEDDINGS, Topics.deadLetterOf(Topics.TARGETS), Topics.deadLetterOf(Topics.MODELS)));
    }
}
