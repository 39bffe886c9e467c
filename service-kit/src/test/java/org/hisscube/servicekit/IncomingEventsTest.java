package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.junit.jupiter.api.Test;

class IncomingEventsTest {

    /** One dead letter as {@link DeadLetters#send} was asked to send it. */
    record Sent(String topic, int partition, long offset, String key, byte[] payload, Throwable cause) {
    }

    /** Records dead letters instead of publishing them; fails them with {@link #failure} where set. */
    static final class RecordingDeadLetters extends DeadLetters {
        final List<Sent> sent = new ArrayList<>();
        RuntimeException failure;

        @Override
        public CompletionStage<Void> send(String sourceTopic, int partition, long offset, String key, byte[] payload,
                Throwable cause) {
            sent.add(new Sent(sourceTopic, partition, offset, key, payload, cause));
            return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
        }
    }

    /** A Kafka message that counts its acks and nacks. */
    static final class Received {
        final AtomicInteger acks = new AtomicInteger();
        final List<Throwable> nacks = new ArrayList<>();
        final Message<byte[]> message;

        Received(String topic, int partition, long offset, String key, byte[] value) {
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, partition, offset, key, value);
            message = Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "test-channel")),
                    () -> {
                        acks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    }, t -> {
                        nacks.add(t);
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final List<Object> handled = new ArrayList<>();

    private IncomingEvents incoming() {
        IncomingEvents i = new IncomingEvents();
        i.deadLetters = deadLetters;
        return i;
    }

    private static byte[] validRequest() {
        return Topics.FETCH_REQUESTS.encode(FetchRequested.of("frame-r-002820-3-0122", FileKind.FRAME,
                "eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2", Map.of("run", "2820"), "test"));
    }

    private static void await(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldHandAValidEventToTheHandlerAndAcknowledgeIt() throws Exception {
        Received r = new Received("sdss.fetch-requests", 2, 10L, "frame-r-002820-3-0122", validRequest());
        await(incoming().handle(r.message, (topic, key, event) -> handled.add(List.of(topic.name(), key, event))));
        assertThat(handled).singleElement().satisfies(h -> {
            List<?> l = (List<?>) h;
            assertThat(l.get(0)).isEqualTo("sdss.fetch-requests");
            assertThat(l.get(1)).isEqualTo("frame-r-002820-3-0122");
            assertThat(l.get(2)).isInstanceOf(FetchRequested.class);
        });
        assertThat(r.acks).hasValue(1);
        assertThat(deadLetters.sent).isEmpty();
    }

    @Test
    void shouldDeadLetterAMalformedRecordWithItsCoordinatesThenAcknowledgeItAndNotCallTheHandler() throws Exception {
        byte[] garbage = "{\"fileId\": 42, oops".getBytes(StandardCharsets.UTF_8);
        Received r = new Received("sdss.fetch-requests", 1, 99L, "poison", garbage);
        await(incoming().handle(r.message, (topic, key, event) -> handled.add(event)));
        assertThat(handled).isEmpty();
        assertThat(deadLetters.sent).singleElement().satisfies(s -> {
            assertThat(s.topic()).isEqualTo("sdss.fetch-requests");
            assertThat(s.partition()).isEqualTo(1);
            assertThat(s.offset()).isEqualTo(99L);
            assertThat(s.key()).isEqualTo("poison");
            assertThat(s.payload()).isEqualTo(garbage);
            assertThat(s.cause()).hasMessageContaining("sdss.fetch-requests");
        });
        assertThat(r.acks).hasValue(1);
        assertThat(r.nacks).isEmpty();
    }

    @Test
    void shouldDeadLetterWhatTheHandlerRefuses() throws Exception {
        Received r = new Received("sdss.fetch-requests", 0, 5L, "k", validRequest());
        await(incoming().handle(r.message, (topic, key, event) -> {
            throw new IllegalArgumentException("no such run");
        }));
        assertThat(deadLetters.sent).singleElement()
                .satisfies(s -> assertThat(s.cause()).hasMessage("no such run"));
        assertThat(r.acks).hasValue(1);
    }

    @Test
    void shouldDeadLetterATombstone() throws Exception {
        Received r = new Received("sdss.fetch-requests", 0, 6L, "k", null);
        await(incoming().handle(r.message, (topic, key, event) -> handled.add(event)));
        assertThat(handled).isEmpty();
        assertThat(deadLetters.sent).singleElement()
                .satisfies(s -> assertThat(s.cause()).hasMessageContaining("tombstone"));
    }

    @Test
    void shouldDeadLetterARecordOfATopicMissingFromTheCatalogue() throws Exception {
        Received r = new Received("sdss.unknown", 0, 1L, "k", validRequest());
        await(incoming().handle(r.message, (topic, key, event) -> handled.add(event)));
        assertThat(handled).isEmpty();
        assertThat(deadLetters.sent).singleElement().satisfies(s -> {
            assertThat(s.topic()).isEqualTo("sdss.unknown");
            assertThat(s.cause()).hasMessageContaining("not in the Topics catalogue");
        });
    }

    @Test
    void shouldNeverDeadLetterADeadLetterButAcknowledgeIt() throws Exception {
        Received r = new Received("sdss.fetch-requests.dlq", 0, 3L, "k", "garbage".getBytes(StandardCharsets.UTF_8));
        await(incoming().handle(r.message, (topic, key, event) -> handled.add(event)));
        assertThat(deadLetters.sent).isEmpty();
        assertThat(handled).isEmpty();
        assertThat(r.acks).hasValue(1);
    }

    @Test
    void shouldNackTheRecordWhenItCannotBeDeadLettered() throws Exception {
        deadLetters.failure = new IllegalStateException("broker down");
        Received r = new Received("sdss.fetch-requests", 0, 8L, "k", "garbage".getBytes(StandardCharsets.UTF_8));
        await(incoming().handle(r.message, (topic, key, event) -> handled.add(event)));
        assertThat(r.acks).hasValue(0);
        assertThat(r.nacks).singleElement().satisfies(t -> assertThat(t).hasMessageContaining("broker down"));
    }

    @Test
    void shouldDeadLetterARecordOfAnotherTopicThanTheOneExpected() throws Exception {
        Received r = new Received("sdss.fetch-requests", 0, 4L, "k", validRequest());
        await(incoming().handle(Topics.RAW_FILES, r.message, (key, event) -> handled.add(event)));
        assertThat(handled).isEmpty();
        assertThat(deadLetters.sent).singleElement()
                .satisfies(s -> assertThat(s.cause()).hasMessageContaining("expected a record of sdss.raw-files"));
    }

    @Test
    void shouldHandTheTypedEventOfTheExpectedTopic() throws Exception {
        Received r = new Received("sdss.fetch-requests", 0, 4L, "k", validRequest());
        await(incoming().handle(Topics.FETCH_REQUESTS, r.message,
                (key, event) -> handled.add(event.fileId())));
        assertThat(handled).containsExactly("frame-r-002820-3-0122");
        assertThat(r.acks).hasValue(1);
    }
}
