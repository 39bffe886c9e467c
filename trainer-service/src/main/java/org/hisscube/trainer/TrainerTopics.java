package org.hisscube.trainer;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.hisscube.contracts.Topics;
import org.hisscube.servicekit.ServiceTopics;

/**
 * The topics trainer-service reads and writes, by their catalogue entries; served at {@code /api/info} by
 * service-kit's ServiceInfoResource: it counts new targets on the embeddings topic, and announces models and
 * evaluations.
 */
@Singleton
public class TrainerTopics {

    @Produces
    @Singleton
    ServiceTopics topics() {
        return ServiceTopics.of(List.of(Topics.EMBEDDINGS), List.of(Topics.MODELS, Topics.EVALUATIONS, Topics.EXPERIMENTS));
    }
}
