package org.hisscube.feature;

import java.util.List;
import org.hisscube.contracts.Topics;

/** The topics feature-service reads and writes, by their catalogue entries. */
final class FeatureTopics {
    static final List<String> CONSUMES = List.of(Topics.TARGETS.name());
    static final List<String> PRODUCES = List.of(Topics.EMBEDDINGS.name(), Topics.deadLetterOf(Topics.TARGETS).name());

    private FeatureTopics() {
    }
}
