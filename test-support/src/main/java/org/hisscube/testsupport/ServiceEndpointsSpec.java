package org.hisscube.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.junit.jupiter.api.Test;

/**
 * What every service must show once started against the real local stack: live and ready (object store reached),
 * Prometheus metrics, an info page that declares what the service reads and writes — catalogue topics only, neither
 * list empty, and nothing its configuration reads or writes left out — and JSON refusals. A service test extends this
 * class and adds {@code @QuarkusTest @QuarkusTestResource(LocalStackResource.class)}.
 * <p>
 * What the configuration reads: the incoming channels' topics and {@code quarkus.kafka-streams.topics}. What it
 * writes: the outgoing channels' topics and the dead-letter topic of every main topic it reads (malformed records are
 * dead-lettered by the consumer); a service that writes otherwise overrides {@link #producedByConfig(Config)}. A
 * Kafka Streams topology that routes its records to topics by name at run time shows no sink topics to check here;
 * its declaration is what the topology is built with.
 */
public abstract class ServiceEndpointsSpec {
    private static final Pattern CHANNEL_PROPERTY =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");
    /** The outgoing channel whose topic service-kit's DeadLetters chooses per record. */
    private static final String DEAD_LETTER_CHANNEL = "dead-letters";

    @Test
    void shouldBeLiveAndReadyWithTheObjectStoreReachedAndItsTopicsAsTheCatalogueDeclares() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body(containsString("object-store")).body(containsString("kafka-topics"));
    }

    @Test
    void shouldExposePrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void shouldDeclareEveryTopicItReadsAndWritesByItsCatalogueName() {
        JsonPath info = given().get("/api/info").then().statusCode(200).contentType(ContentType.JSON).extract()
                .jsonPath();
        Config config = ConfigProvider.getConfig();
        assertEquals(config.getValue("quarkus.application.name", String.class), info.getString("service"));
        List<String> problems = declarationProblems(info.getList("consumes", String.class),
                info.getList("produces", String.class), consumedByConfig(config), producedByConfig(config));
        assertTrue(problems.isEmpty(), () -> "/api/info: " + String.join("; ", problems));
    }

    @Test
    void shouldRefuseAnUnknownPathAndAWrongMethodWithAJsonBodyThatSaysWhatIsAccepted() {
        given().get("/api/no-such-endpoint").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("GET /api/no-such-endpoint"))
                .body("accepted", not(emptyOrNullString()));
        given().delete("/api/info").then().statusCode(405).contentType(ContentType.JSON)
                .body("error", containsString("DELETE")).body("accepted", containsString("GET"));
    }

    /**
     * The topics this service's configuration writes: the outgoing channels' topics and the dead-letter topic of every
     * main topic it reads. Override where the service dead-letters otherwise.
     */
    protected Set<String> producedByConfig(Config config) {
        Set<String> produced = new TreeSet<>(outgoingTopics(config));
        for (String t : consumedByConfig(config)) {
            if (!t.endsWith(Topic.DEAD_LETTER_SUFFIX)) {
                produced.add(t + Topic.DEAD_LETTER_SUFFIX);
            }
        }
        return produced;
    }

    /** The topics of the incoming Kafka channels (the channel's name where it names none) and of Kafka Streams. */
    public static Set<String> consumedByConfig(Config config) {
        Set<String> topics = channelTopics(config, "incoming");
        topics.addAll(list(config, "quarkus.kafka-streams.topics"));
        return topics;
    }

    /** The topics of the outgoing Kafka channels (the channel's name where it names none), dead letters aside. */
    public static Set<String> outgoingTopics(Config config) {
        return channelTopics(config, "outgoing");
    }

    /** Why a declaration ({@code /api/info}'s lists) does not fit the catalogue and the configuration; empty if it does. */
    public static List<String> declarationProblems(List<String> consumes, List<String> produces,
            Set<String> consumedByConfig, Set<String> producedByConfig) {
        List<String> problems = new ArrayList<>();
        List<String> known = Topics.all().stream().map(Topic::name).toList();
        check("consumes", consumes, known, consumedByConfig, problems);
        check("produces", produces, known, producedByConfig, problems);
        return problems;
    }

    private static void check(String list, List<String> declared, List<String> known, Set<String> configured,
            List<String> problems) {
        if (declared == null || declared.isEmpty()) {
            problems.add(list + " is empty");
            return;
        }
        for (String t : declared) {
            if (!known.contains(t)) {
                problems.add(list + " names '" + t + "', which is not in the Topics catalogue");
            }
        }
        for (String t : configured) {
            if (!declared.contains(t)) {
                problems.add("the configuration " + (list.equals("consumes") ? "reads" : "writes") + " '" + t
                        + "' but " + list + " does not declare it");
            }
        }
    }

    private static Set<String> channelTopics(Config config, String direction) {
        Set<String> topics = new TreeSet<>();
        Set<String> channels = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            Matcher m = CHANNEL_PROPERTY.matcher(name);
            if (m.matches() && m.group(1).equals(direction)) {
                channels.add(m.group(2));
            }
        }
        for (String channel : channels) {
            String prefix = "mp.messaging." + direction + "." + channel + ".";
            if (!value(config, prefix + "connector").map(String::trim).filter("smallrye-kafka"::equals).isPresent()
                    || value(config, prefix + "pattern").filter("true"::equalsIgnoreCase).isPresent()) {
                continue;
            }
            List<String> named = new ArrayList<>(list(config, prefix + "topic"));
            named.addAll(list(config, prefix + "topics"));
            if (!named.isEmpty()) {
                topics.addAll(named);
            } else if (!(direction.equals("outgoing") && channel.equals(DEAD_LETTER_CHANNEL))) {
                topics.add(channel);
            }
        }
        return topics;
    }

    private static List<String> list(Config config, String name) {
        List<String> out = new ArrayList<>();
        for (String s : value(config, name).orElse("").split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class);
    }
}
