package org.hisscube.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** The rules the shared service test applies to {@code /api/info}, without a service. */
class ServiceEndpointsSpecTest {

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 250)).build();
    }

    private static final Config FETCHER_LIKE = config(Map.of(
            "mp.messaging.incoming.fetch-requests.connector", "smallrye-kafka",
            "mp.messaging.incoming.fetch-requests.topic", "sdss.fetch-requests",
            "mp.messaging.outgoing.raw-files.connector", "smallrye-kafka",
            "mp.messaging.outgoing.raw-files.topic", "sdss.raw-files",
            "mp.messaging.outgoing.fetch-requests-out.connector", "smallrye-kafka",
            "mp.messaging.outgoing.fetch-requests-out.topic", "sdss.fetch-requests",
            "mp.messaging.outgoing.dead-letters.connector", "smallrye-kafka"));

    private final ServiceEndpointsSpec spec = new ServiceEndpointsSpec() {
    };

    @Test
    void shouldRefuseEmptyLists() {
        assertThat(ServiceEndpointsSpec.declarationProblems(List.of(), List.of(), Set.of(), Set.of()))
                .containsExactly("consumes is empty", "produces is empty");
        assertThat(ServiceEndpointsSpec.declarationProblems(List.of("hisscube.targets"), null, Set.of(), Set.of()))
                .containsExactly("produces is empty");
    }

    @Test
    void shouldRefuseTopicsMissingFromTheCatalogue() {
        assertThat(ServiceEndpointsSpec.declarationProblems(List.of("hisscube.target"), List.of("hisscube.frames"),
                Set.of(), Set.of())).containsExactly(
                        "consumes names 'hisscube.target', which is not in the Topics catalogue");
    }

    @Test
    void shouldDeriveWhatTheConfigurationReadsAndWritesDeadLettersIncluded() {
        assertThat(ServiceEndpointsSpec.consumedByConfig(FETCHER_LIKE)).containsExactly("sdss.fetch-requests");
        assertThat(ServiceEndpointsSpec.outgoingTopics(FETCHER_LIKE))
                .containsExactly("sdss.fetch-requests", "sdss.raw-files");
        assertThat(spec.producedByConfig(FETCHER_LIKE))
                .containsExactly("sdss.fetch-requests", "sdss.fetch-requests.dlq", "sdss.raw-files");
    }

    @Test
    void shouldRefuseADeclarationThatLeavesOutAnOutgoingChannelsTopic() {
        List<String> problems = ServiceEndpointsSpec.declarationProblems(List.of("sdss.fetch-requests"),
                List.of("sdss.raw-files", "sdss.fetch-requests.dlq"), ServiceEndpointsSpec.consumedByConfig(
                        FETCHER_LIKE), spec.producedByConfig(FETCHER_LIKE));
        assertThat(problems).containsExactly(
                "the configuration writes 'sdss.fetch-requests' but produces does not declare it");
    }

    @Test
    void shouldRefuseADeclarationThatLeavesOutAConsumedTopic() {
        Config streams = config(Map.of("quarkus.kafka-streams.topics", "sdss.raw-files,hisscube.frames"));
        List<String> problems = ServiceEndpointsSpec.declarationProblems(List.of("sdss.raw-files"),
                List.of("sdss.raw-files.dlq", "hisscube.frames.dlq"), ServiceEndpointsSpec.consumedByConfig(streams),
                spec.producedByConfig(streams));
        assertThat(problems).containsExactly(
                "the configuration reads 'hisscube.frames' but consumes does not declare it");
    }

    @Test
    void shouldAcceptADeclarationThatCoversTheConfiguration() {
        assertThat(ServiceEndpointsSpec.declarationProblems(List.of("sdss.fetch-requests", "fetcher.watch-positions"),
                List.of("sdss.raw-files", "sdss.fetch-requests", "sdss.fetch-requests.dlq"),
                ServiceEndpointsSpec.consumedByConfig(FETCHER_LIKE), spec.producedByConfig(FETCHER_LIKE))).isEmpty();
    }

    @Test
    void shouldTakeTheChannelNameOfAKafkaChannelWithoutTopicButNotOfTheDeadLetterChannel() {
        Config c = config(Map.of("mp.messaging.outgoing.trainer-out.connector", "smallrye-kafka",
                "mp.messaging.outgoing.dead-letters.connector", "smallrye-kafka",
                "mp.messaging.incoming.mem.connector", "smallrye-in-memory"));
        assertThat(ServiceEndpointsSpec.outgoingTopics(c)).containsExactly("trainer-out");
        assertThat(ServiceEndpointsSpec.consumedByConfig(c)).isEmpty();
    }
}
