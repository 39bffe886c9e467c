package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The readiness check of topics against a real broker: what the catalogue declares must be what the broker has. */
@ExtendWith(LocalStackExtension.class)
class TopicsHealthCheckIT {

    @Test
    void everyTopicOfEveryServiceAsTheLocalStackCreatedThemIsUp(StackConfig stack) throws Exception {
        try (Admin admin = Admin.create(stack.kafka().properties())) {
            HealthCheckResponse r = TopicsHealthCheck.check(admin, Topics.all());
            assertThat(r.getStatus()).as(String.valueOf(r.getData())).isEqualTo(HealthCheckResponse.Status.UP);
        }
    }

    @Test
    void aMissingTopicTooFewPartitionsAndTheWrongCleanupPolicyAreEachNamed(StackConfig stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<String, EventDeadLettered> missing = declared("health-missing-" + run, 1, false);
        Topic<String, EventDeadLettered> narrow = declared("health-narrow-" + run, 6, false);
        Topic<String, EventDeadLettered> deleting = declared("health-deleting-" + run, 1, true);
        Topic<String, EventDeadLettered> wider = declared("health-wider-" + run, 2, false);
        try (Admin admin = Admin.create(stack.kafka().properties())) {
            admin.createTopics(List.of(
                    new NewTopic(narrow.name(), 2, (short) 1).configs(Map.of("cleanup.policy", "delete")),
                    new NewTopic(deleting.name(), 1, (short) 1).configs(Map.of("cleanup.policy", "delete")),
                    new NewTopic(wider.name(), 4, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
                    .all().get(30, TimeUnit.SECONDS);

            List<String> problems = TopicsHealthCheck.problems(admin, List.of(missing, narrow, deleting, wider));

            assertThat(problems).hasSize(3);
            assertThat(problems.get(0)).startsWith(missing.name() + " is missing");
            assertThat(problems).anyMatch(p -> p.equals(narrow.name()
                    + " has 2 partitions, the catalogue declares 6"));
            assertThat(problems).anyMatch(p -> p.equals(deleting.name()
                    + " has cleanup.policy=delete, the catalogue declares compact"));
            assertThat(problems).noneMatch(p -> p.startsWith(wider.name())); // scaled out: allowed
            HealthCheckResponse r = TopicsHealthCheck.check(admin, List.of(missing, wider));
            assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(r.getData().orElseThrow().get("problems").toString()).contains(missing.name());
        }
    }

    private static Topic<String, EventDeadLettered> declared(String name, int partitions, boolean compacted) {
        return new Topic<>(name, Serdes.String(), Topics.DEAD_LETTER_SERDE, partitions, compacted, Topic.FOREVER);
    }
}
