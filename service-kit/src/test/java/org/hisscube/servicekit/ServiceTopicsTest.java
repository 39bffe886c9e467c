package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hisscube.contracts.Topics;
import org.junit.jupiter.api.Test;

class ServiceTopicsTest {

    @Test
    void shouldTakeCatalogueEntriesByNameDeadLetterTopicsIncluded() {
        ServiceTopics t = ServiceTopics.of(List.of(Topics.RAW_FILES),
                List.of(Topics.FRAMES, Topics.deadLetterOf(Topics.RAW_FILES)));
        assertThat(t.consumes()).containsExactly("sdss.raw-files");
        assertThat(t.produces()).containsExactly("hisscube.frames", "sdss.raw-files.dlq");
    }

    @Test
    void shouldRefuseATopicNameMissingFromTheCatalogueNamingTheListAndTheName() {
        assertThatThrownBy(() -> new ServiceTopics(List.of("sdss.raw-files"), List.of("hisscube.frame")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("produces")
                .hasMessageContaining("[hisscube.frame]");
        assertThatThrownBy(() -> new ServiceTopics(List.of("sdss.raw-files.dlq.dlq"), List.of()))
                .hasMessageContaining("consumes").hasMessageContaining("sdss.raw-files.dlq.dlq");
    }

    @Test
    void shouldRefuseANullList() {
        assertThatThrownBy(() -> new ServiceTopics(null, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consumes");
    }
}
