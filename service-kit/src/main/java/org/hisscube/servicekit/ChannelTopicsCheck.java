package org.hisscube.servicekit;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;

/**
 * Topic names live in {@link Topics}; configuration names them again. Before anything else starts, this check refuses
 * to start a service whose configuration names a topic the catalogue does not know, so a typo can't silently create
 * (or wait forever for) a new topic. It reads every topic-naming property:
 * <ul>
 *   <li>{@code mp.messaging.incoming|outgoing.<channel>.topic} and {@code .topics} (comma-separated);</li>
 *   <li>a Kafka channel without either reads or writes the topic named like the channel (the connector's default),
 *       so that name is checked too, except for the {@link DeadLetters#CHANNEL} channel, whose topic is chosen per
 *       record; a channel with {@code pattern=true} names a regular expression and is left alone;</li>
 *   <li>{@code quarkus.kafka-streams.topics}, the topics a Kafka Streams service waits for;</li>
 *   <li>any {@code hisscube.*} property whose last name part is {@code topic} or {@code topics} or ends in
 *       {@code -topic} or {@code -topics} (e.g. {@code hisscube.metrics.dead-letter-topics}).</li>
 * </ul>
 */
@ApplicationScoped
public class ChannelTopicsCheck {
    private static final Pattern CHANNEL_PROPERTY =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");
    private static final Pattern HISSCUBE_TOPIC_PROPERTY =
            Pattern.compile("hisscube\\..*(\\.|-)(topic|topics)");
    static final String KAFKA_STREAMS_TOPICS = "quarkus.kafka-streams.topics";
    private static final String KAFKA_CONNECTOR = "smallrye-kafka";

    /** One configured topic name the catalogue does not know. */
    public record UnknownTopic(String property, String topic, String note) {
        @Override
        public String toString() {
            return property + " names topic '" + topic + "'" + (note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        check(ConfigProvider.getConfig());
    }

    /** Throws {@link IllegalStateException} naming every property and unknown topic, if there are any. */
    public static void check(Config config) {
        List<UnknownTopic> unknown = unknownTopics(config);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("refusing to start: the configuration names topics missing from the "
                    + "Topics catalogue: " + unknown + "; the catalogue knows "
                    + Topics.all().stream().map(Topic::name).toList());
        }
    }

    /** Every topic-naming property whose topic is not in the catalogue, in property-name order. */
    public static List<UnknownTopic> unknownTopics(Config config) {
        TreeSet<String> names = new TreeSet<>();
        config.getPropertyNames().forEach(n -> {
            if (!n.startsWith("%")) {
                names.add(n);
            }
        });
        List<UnknownTopic> unknown = new ArrayList<>();
        for (String name : names) {
            Matcher channel = CHANNEL_PROPERTY.matcher(name);
            if (channel.matches()) {
                String attribute = channel.group(3);
                if ((attribute.equals("topic") || attribute.equals("topics"))
                        && !isPattern(config, channel.group(1), channel.group(2))) {
                    checkList(config, name, "", unknown);
                } else if (attribute.equals("connector")) {
                    checkDefaultTopic(config, channel.group(1), channel.group(2), unknown);
                }
            } else if (name.equals(KAFKA_STREAMS_TOPICS) || HISSCUBE_TOPIC_PROPERTY.matcher(name).matches()) {
                checkList(config, name, "", unknown);
            }
        }
        return unknown;
    }

    private static void checkDefaultTopic(Config config, String direction, String channel, List<UnknownTopic> out) {
        String prefix = "mp.messaging." + direction + "." + channel + ".";
        boolean kafka = value(config, prefix + "connector").map(String::trim).filter(KAFKA_CONNECTOR::equals)
                .isPresent();
        boolean named = value(config, prefix + "topic").isPresent() || value(config, prefix + "topics").isPresent();
        boolean perRecord = direction.equals("outgoing") && channel.equals(DeadLetters.CHANNEL);
        if (kafka && !named && !perRecord && Topics.byName(channel).isEmpty()) {
            out.add(new UnknownTopic(prefix + "connector", channel,
                    "a Kafka channel without a topic property uses its own name as the topic"));
        }
    }

    private static boolean isPattern(Config config, String direction, String channel) {
        return value(config, "mp.messaging." + direction + "." + channel + ".pattern").map(String::trim)
                .filter("true"::equalsIgnoreCase).isPresent();
    }

    private static void checkList(Config config, String name, String note, List<UnknownTopic> out) {
        for (String topic : value(config, name).orElse("").split(",")) {
            String t = topic.trim();
            if (!t.isEmpty() && Topics.byName(t).isEmpty()) {
                out.add(new UnknownTopic(name, t, note));
            }
        }
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class);
    }
}
