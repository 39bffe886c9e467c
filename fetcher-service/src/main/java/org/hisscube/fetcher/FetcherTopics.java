package org.hisscube.fetcher;

import java.util.List;
import org.hisscube.contracts.Topics;

/** The topics fetcher-service reads and writes, by their catalogue entries. */
final class FetcherTopics {
    static final List<String> CONSUMES = List.of(Topics.FETCH_REQUESTS.name());
    static final List<String> PRODUCES = List.of(Topics.RAW_FILES.name(), Topics.deadLetterOf(Topics.FETCH_REQUESTS).name());

    private FetcherTopics() {
    }
}
