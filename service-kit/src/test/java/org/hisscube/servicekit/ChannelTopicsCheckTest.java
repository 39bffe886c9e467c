package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.hisscube.servicekit.ChannelTopicsCheck.UnknownTopic;
import org.junit.jupiter.api.Test;

class ChannelTopicsCheckTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 250)).build();
    }

    private static Map<String, String> kafkaChannel(String direction, String channel, String topicProperty,
            String topics) {
        Map<String, String> m = new HashMap<>();
        m.put("mp.messaging." + direction + "." + channel + ".connector", "smallrye-kafka");
        if (topicProperty != null) {
            m.put("mp.messaging." + direction + "." + channel + "." + topicProperty, topics);
        }
        return m;
    }

    @Test
    void shouldPassConfigurationThatNamesOnlyCatalogueTopics() {
        Map<String, String> p = kafkaChannel("incoming", "fetch-requests", "topic", "sdss.fetch-requests");
        p.putAll(kafkaChannel("outgoing", "raw-files", "topic", "sdss.raw-files"));
        p.putAll(kafkaChannel("incoming", "observed", "topics", "hisscube.targets, trainer.models.dlq"));
        p.putAll(kafkaChannel("outgoing", DeadLetters.CHANNEL, null, null));
        p.put("quarkus.kafka-streams.topics", "sdss.raw-files,hisscube.frames,hisscube.spectra");
        p.put("hisscube.metrics.dead-letter-topics", "hisscube.targets,features.embeddings");
        assertThat(ChannelTopicsCheck.unknownTopics(config(p))).isEmpty();
        assertThatCode(() -> ChannelTopicsCheck.check(config(p))).doesNotThrowAnyException();
    }

    @Test
    void shouldNameThePropertyAndTheUnknownTopicOfAnIncomingChannel() {
        var p = kafkaChannel("incoming", "fetch-requests", "topic", "sdss.fetch-request");
        assertThat(ChannelTopicsCheck.unknownTopics(config(p))).containsExactly(
                new UnknownTopic("mp.messaging.incoming.fetch-requests.topic", "sdss.fetch-request", ""));
    }

    @Test
    void shouldCheckOutgoingChannels() {
        var p = kafkaChannel("outgoing", "raw-files", "topic", "sdss.rawfiles");
        assertThat(ChannelTopicsCheck.unknownTopics(config(p))).extracting(UnknownTopic::property, UnknownTopic::topic)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mp.messaging.outgoing.raw-files.topic",
                        "sdss.rawfiles"));
    }

    @Test
    void shouldNameOnlyTheUnknownEntryOfATopicList() {
        var p = kafkaChannel("incoming", "observed", "topics", "hisscube.targets,hisscube.target,trainer.models");
        assertThat(ChannelTopicsCheck.unknownTopics(config(p))).extracting(UnknownTopic::topic)
                .containsExactly("hisscube.target");
    }

    @Test
    void shouldCheckTheTopicsKafkaStreamsWaitsFor() {
        var p = Map.of("quarkus.kafka-streams.topics", "sdss.raw-files,hisscube.frame");
        assertThat(ChannelTopicsCheck.unknownTopics(config(p))).containsExactly(
                new UnknownTopic("quarkus.kafka-streams.topics", "hisscube.frame", ""));
    }

    @Test
    void shouldCheckTopicListsOfOurOwnSettings() {
        var p = Map.of("hisscube.metrics.dead-letter-topics", "hisscube.targets,trainer.model",
                "hisscube.some.topic", "nope", "hisscube.fetcher.topic-count", "not a topic list");
        assertThat(ChannelTopicsCheck.unknownTopics(config(p))).extracting(UnknownTopic::property,
                UnknownTopic::topic).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hisscube.metrics.dead-letter-topics", "trainer.model"),
                        org.assertj.core.groups.Tuple.tuple("hisscube.some.topic", "nope"));
    }

    @Test
    void shouldCheckTheChannelNameOfAKafkaChannelWithoutATopicProperty() {
        var p = kafkaChannel("outgoing", "raw-files", null, null);
        List<UnknownTopic> unknown = ChannelTopicsCheck.unknownTopics(config(p));
        assertThat(unknown).singleElement().satisfies(u -> {
            assertThat(u.property()).isEqualTo("mp.messaging.outgoing.raw-files.connector");
            assertThat(u.topic()).isEqualTo("raw-files");
            assertThat(u.toString()).contains("uses its own name as the topic");
        });
    }

    @Test
    void shouldLeaveTheDeadLetterChannelPatternsAndOtherConnectorsAlone() {
        Map<String, String> p = kafkaChannel("outgoing", DeadLetters.CHANNEL, null, null);
        p.putAll(kafkaChannel("incoming", "everything", "topics", "sdss\\..*"));
        p.put("mp.messaging.incoming.everything.pattern", "true");
        p.put("mp.messaging.incoming.in-memory.connector", "smallrye-in-memory");
        assertThat(ChannelTopicsCheck.unknownTopics(config(p))).isEmpty();
        // the same channel name in the incoming direction is an ordinary channel
        assertThat(ChannelTopicsCheck.unknownTopics(config(kafkaChannel("incoming", DeadLetters.CHANNEL, null,
                null)))).extracting(UnknownTopic::topic).containsExactly(DeadLetters.CHANNEL);
    }

    @Test
    void shouldRefuseToStartNamingEveryPropertyAndTopic() {
        Map<String, String> p = kafkaChannel("incoming", "fetch-requests", "topic", "sdss.fetch-request");
        p.put("quarkus.kafka-streams.topics", "hisscube.frame");
        assertThatThrownBy(() -> ChannelTopicsCheck.check(config(p))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mp.messaging.incoming.fetch-requests.topic names topic 'sdss.fetch-request'")
                .hasMessageContaining("quarkus.kafka-streams.topics names topic 'hisscube.frame'")
                .hasMessageContaining("sdss.fetch-requests");
    }

    @Test
    void shouldPassTheSharedDefaultsOfServiceKit() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        Map<String, String> m = new HashMap<>();
        defaults.forEach((k, v) -> m.put((String) k, (String) v));
        assertThat(m).containsKey("mp.messaging.outgoing.dead-letters.connector");
        assertThat(ChannelTopicsCheck.unknownTopics(config(m))).isEmpty();
    }
}
