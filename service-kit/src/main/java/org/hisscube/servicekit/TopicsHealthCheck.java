package org.hisscube.servicekit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;

/**
 * Ready only while every topic the service reads or writes ({@link ServiceTopics}) exists on the broker as the
 * {@link Topics} catalogue declares it: at least the declared partitions (more is a deliberate scale-out and allowed)
 * and the declared cleanup policy. On one laptop the local stack creates the topics; on a cluster they come from the
 * {@code KafkaTopic} resources of {@code k8s/} — a topic that was never declared there, or declared differently, shows
 * here (and in {@code /q/health/ready}) by name instead of leaving the service waiting for it. The answer is cached for
 * {@link #CACHE} so probes don't load the broker.
 */
@Readiness
@ApplicationScoped
public class TopicsHealthCheck implements HealthCheck {
    static final String NAME = "kafka-topics";
    static final Duration CACHE = Duration.ofSeconds(15);

    @Inject
    ServiceTopics serviceTopics;

    @Inject
    KafkaConnection kafka;

    private Admin admin;
    private HealthCheckResponse last;
    private long lastAt;

    @Override
    public synchronized HealthCheckResponse call() {
        if (last != null && System.nanoTime() - lastAt < CACHE.toNanos() && last.getStatus() == HealthCheckResponse
                .Status.UP) {
            return last;
        }
        last = check(admin(), declared(serviceTopics));
        lastAt = System.nanoTime();
        return last;
    }

    /** The catalogue entries of the topics a service reads and writes. */
    static List<Topic<String, ?>> declared(ServiceTopics topics) {
        Set<String> names = new LinkedHashSet<>(topics.consumes());
        names.addAll(topics.produces());
        return names.stream().<Topic<String, ?>>map(n -> Topics.byName(n).orElseThrow()).toList();
    }

    /** Describes {@code declared} on the broker behind {@code admin} and answers UP or DOWN with every problem. */
    public static HealthCheckResponse check(Admin admin, Collection<Topic<String, ?>> declared) {
        HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME);
        try {
            List<String> problems = problems(admin, declared);
            r.status(problems.isEmpty()).withData("topics", declared.size());
            if (!problems.isEmpty()) {
                r.withData("problems", String.join("; ", problems));
            }
        } catch (Exception e) {
            r.down().withData("error", "the broker did not describe the topics: " + e);
        }
        return r.build();
    }

    /** Every way the broker's topics differ from the catalogue, one sentence each; empty when they match. */
    public static List<String> problems(Admin admin, Collection<Topic<String, ?>> declared) throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (Topic<String, ?> t : declared) {
            if (existing.contains(t.name())) {
                present.add(t.name());
            } else {
                problems.add(t.name() + " is missing (declare it as a KafkaTopic, or create it with "
                        + t.partitions() + " partitions, " + t.configs() + ")");
            }
        }
        if (present.isEmpty()) {
            return problems;
        }
        Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames()
                .get(10, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(present.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get(10, TimeUnit.SECONDS);
        Map<String, Topic<String, ?>> byName = new TreeMap<>();
        declared.forEach(t -> byName.put(t.name(), t));
        for (String name : present) {
            Topic<String, ?> t = byName.get(name);
            int partitions = described.get(name).partitions().size();
            if (partitions < t.partitions()) {
                problems.add(name + " has " + partitions + " partitions, the catalogue declares " + t.partitions());
            }
            var policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("cleanup.policy");
            String expected = t.configs().get("cleanup.policy");
            if (policy == null || !policy.value().contains(expected)) {
                problems.add(name + " has cleanup.policy=" + (policy == null ? "?" : policy.value())
                        + ", the catalogue declares " + expected);
            }
        }
        return problems;
    }

    private Admin admin() {
        if (admin == null) {
            Properties p = kafka.properties();
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "topics-health");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 8_000);
            admin = Admin.create(p);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
