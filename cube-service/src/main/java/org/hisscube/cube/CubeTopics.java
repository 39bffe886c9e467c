package org.hisscube.cube;

import java.util.List;
import org.hisscube.contracts.Topics;

/** The topics cube-service reads and writes, by their catalogue entries. */
final class CubeTopics {
    static final List<String> CONSUMES = List.of(Topics.RAW_FILES.name());
    static final List<String> PRODUCES = List.of(Topics.FRAMES.name(), Topics.SPECTRA.name(), Topics.TARGETS.name(), Topics.deadLetterOf(Topics.RAW_FILES).name());

    private CubeTopics() {
    }
}
