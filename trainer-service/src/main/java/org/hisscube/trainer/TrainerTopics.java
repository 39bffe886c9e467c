package org.hisscube.trainer;

import java.util.List;
import org.hisscube.contracts.Topics;

/** The topics trainer-service reads and writes, by their catalogue entries. */
final class TrainerTopics {
    static final List<String> CONSUMES = List.of(Topics.EMBEDDINGS.name());
    static final List<String> PRODUCES = List.of(Topics.MODELS.name(), Topics.EVALUATIONS.name(), Topics.deadLetterOf(Topics.EMBEDDINGS).name());

    private TrainerTopics() {
    }
}
