package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    /** Records what is sent; answers every send with {@link #failure} (null: acknowledged). */
    static final class RecordingEmitter implements MutinyEmitter<byte[]> {
        final List<Message<? extends byte[]>> sent = new ArrayList<>();
        RuntimeException failure;

        @Override
        public <M extends Message<? extends byte[]>> Uni<Void> sendMessage(M message) {
            sent.add(message);
            return failure == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(failure);
        }

        @Override
        public Uni<Void> send(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendAndAwait(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable sendAndForget(byte[] payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends byte[]>> void sendMessageAndAwait(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends byte[]>> Cancellable sendMessageAndForget(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    private final RecordingEmitter emitter = new RecordingEmitter();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private DeadLetters deadLetters() {
        DeadLetters d = new DeadLetters();
        d.emitter = emitter;
        d.registry = registry;
        d.service = "fetcher-service";
        return d;
    }

    @Test
    void shouldSetTheRecordAsideOnItsDeadLetterTopicWithCoordinatesBytesAndCause() throws Exception {
        byte[] payload = "{not json".getBytes(StandardCharsets.UTF_8);
        deadLetters().send("sdss.fetch-requests", 3, 42L, "frame-1", payload,
                new IllegalArgumentException("field sasPath is missing")).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(emitter.sent).hasSize(1);
        Message<? extends byte[]> m = emitter.sent.get(0);
        OutgoingKafkaRecordMetadata<?> meta = m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getTopic()).isEqualTo("sdss.fetch-requests.dlq");
        assertThat(meta.getKey()).isEqualTo("sdss.fetch-requests/3/42");
        EventDeadLettered letter = Topics.DEAD_LETTER_SERDE.fromBytes(meta.getTopic(), m.getPayload());
        assertThat(letter.service()).isEqualTo("fetcher-service");
        assertThat(letter.sourceTopic()).isEqualTo("sdss.fetch-requests");
        assertThat(letter.partition()).isEqualTo(3);
        assertThat(letter.offset()).isEqualTo(42L);
        assertThat(letter.key()).isEqualTo("frame-1");
        assertThat(letter.payload()).isEqualTo(payload);
        assertThat(letter.cause()).isEqualTo("field sasPath is missing");
        assertThat(letter.errorType()).isEqualTo("IllegalArgumentException");
    }

    @Test
    void shouldCountDeadLettersByTopicAndCause() {
        DeadLetters d = deadLetters();
        d.send("sdss.fetch-requests", 0, 1L, null, new byte[0], new IllegalStateException("x"));
        d.send("sdss.fetch-requests", 0, 2L, null, new byte[0], new IllegalStateException("y"));
        d.send("sdss.raw-files", 0, 3L, null, new byte[0], new IllegalArgumentException("z"));
        assertThat(registry.get("hisscube.fetcher.dead_letters").tag("topic", "sdss.fetch-requests")
                .tag("cause", "IllegalStateException").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("hisscube.fetcher.dead_letters").tag("topic", "sdss.raw-files")
                .tag("cause", "IllegalArgumentException").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepARefusedDeadLetterOnItsOwnTopicInsteadOfNestingDlqSuffixes() {
        deadLetters().send("hisscube.targets.dlq", 0, 7L, null, new byte[] {1}, new IllegalStateException("x"));
        OutgoingKafkaRecordMetadata<?> meta = emitter.sent.get(0).getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElseThrow();
        assertThat(meta.getTopic()).isEqualTo("hisscube.targets.dlq");
    }

    @Test
    void shouldFailTheReturnedStageWhenTheBrokerDoesNotTakeTheDeadLetter() {
        emitter.failure = new IllegalStateException("broker unreachable");
        var stage = deadLetters().send("sdss.raw-files", 0, 1L, "k", new byte[] {1}, new RuntimeException("bad"))
                .toCompletableFuture();
        assertThatThrownBy(() -> stage.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("broker unreachable");
    }
}
