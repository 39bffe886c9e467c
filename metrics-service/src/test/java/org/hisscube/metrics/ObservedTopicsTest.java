package org.hisscube.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The observer's topic lists in application.properties against the Topics catalogue: it must observe every main topic
 * and every dead-letter topic (service-kit's ChannelTopicsCheck only refuses names the catalogue does not know; a topic
 * added to the catalogue but not here would go unobserved).
 */
class ObservedTopicsTest {
    private static final Properties PROPERTIES = new Properties();

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ObservedTopicsTest.class.getResourceAsStream("/application.properties")) {
            PROPERTIES.load(in);
        }
    }

    private static List<String> list(String property) {
        String value = PROPERTIES.getProperty(property);
        assertThat(value).as(property).isNotBlank();
        return Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    @Test
    void shouldObserveEveryMainTopicOfTheCatalogue() {
        assertThat(list("mp.messaging.incoming.observed.topics"))
                .containsExactlyInAnyOrderElementsOf(Topics.main().stream().map(Topic::name).toList());
    }

    @Test
    void shouldObserveEveryDeadLetterTopicOfTheCatalogue() {
        assertThat(list("mp.messaging.incoming.dead-letters-observed.topics"))
                .containsExactlyInAnyOrderElementsOf(Topics.main().stream().map(Topic::deadLetterName).toList());
    }

    @Test
    void shouldDeadLetterOnlyMainTopicsOfTheCatalogue() {
        assertThat(Topics.main().stream().map(Topic::name).toList())
                .containsAll(list("hisscube.metrics.dead-letter-topics"));
    }
}
