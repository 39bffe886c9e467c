package org.hisscube.fetcher;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.hisscube.contracts.Topics;
import org.hisscube.servicekit.ServiceTopics;

/** The topics fetcher-service reads and writes, served at {@code /api/info} by service-kit's ServiceInfoResource. */
@Singleton
public class FetcherInfo {

    /**
     * Reads fetch requests (channel {@code fetch-requests}) and, on start, the watch positions; writes claim checks
     * ({@code raw-files}), fetch requests made from catalog imports and the folder watch ({@code fetch-requests-out}),
     * watch positions, and the dead letters of refused fetch requests.
     */
    @Produces
    @Singleton
    ServiceTopics topics() {
        return ServiceTopics.of(List.of(Topics.FETCH_REQUESTS, Topics.WATCH_POSITIONS),
                List.of(Topics.RAW_FILES, Topics.FETCH_REQUESTS, Topics.WATCH_POSITIONS,
                        Topics.deadLetterOf(Topics.FETCH_REQUESTS)));
    }
}
