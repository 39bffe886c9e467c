package org.hisscube.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.hisscube.contracts.events.EventDeadLettered;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldDeclareEveryTopicOnceWithADeadLetterTopicEach() {
        List<String> names = Topics.all().stream().map(Topic::name).toList();
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        assertThat(names).contains("sdss.fetch-requests", "sdss.raw-files", "hisscube.targets", "features.embeddings",
                "trainer.models", "trainer.evaluations", "sdss.raw-files.dlq", "hisscube.targets.dlq");
        assertThat(Topics.all()).hasSize(2 * Topics.main().size());
    }

    @Test
    void shouldBindDeadLetterTopicsToTheDeadLetterEvent() {
        Topic<String, EventDeadLettered> dlq = Topics.deadLetterOf(Topics.RAW_FILES);
        assertThat(dlq.name()).isEqualTo("sdss.raw-files.dlq");
        assertThat(dlq.valueType()).isEqualTo(EventDeadLettered.class);
        assertThat(Topics.byName("sdss.raw-files.dlq")).isPresent();
        assertThatThrownBy(() -> Topics.deadLetterOf(dlq)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFindNoTopicThatIsNotDeclared() {
        assertThat(Topics.byName("sdss.raw-file")).isEmpty();
    }
}
