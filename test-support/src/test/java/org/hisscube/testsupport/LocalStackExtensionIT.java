package org.hisscube.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension hands plain tests a running stack: every catalogue topic exists, the bucket is there. */
@ExtendWith(LocalStackExtension.class)
class LocalStackExtensionIT {

    @Test
    void shouldHandOutAStackWithEveryTopicAndTheBucket(StackConfig stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            var names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).containsAll(Topics.all().stream().map(Topic::name).toList());
            var targets = admin.describeTopics(List.of(Topics.TARGETS.name())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.TARGETS.name());
            assertThat(targets.partitions()).hasSize(Topics.TARGETS.partitions());
        }
        try (S3ObjectStore store = new S3ObjectStore(stack.objectStore())) {
            assertThat(store.bucketExists()).isTrue();
            store.put("ext/check.txt", "ok".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
            assertThat(store.getBytes("ext/check.txt")).asString(StandardCharsets.UTF_8).isEqualTo("ok");
        }
    }

    @Test
    void shouldReuseTheSameStackForTheWholeTestJvm(StackConfig first) {
        assertThat(new StackConfig(SharedLocalStack.config()).bootstrapServers()).isEqualTo(first.bootstrapServers());
    }
}
