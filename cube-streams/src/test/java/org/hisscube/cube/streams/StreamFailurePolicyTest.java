package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.hisscube.contracts.store.ObjectStoreException;
import org.junit.jupiter.api.Test;

/** Stream thread failures: replaced with a growing backoff, and given up on after a bounded number in a row. */
class StreamFailurePolicyTest {
    private final List<Duration> slept = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private StreamFailurePolicy policy(int max) {
        return new StreamFailurePolicy(new StreamFailurePolicy.Settings(max, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(15)), new CubeMetrics(registry), slept::add, now::get);
    }

    private static Throwable wrapped(Throwable cause) {
        return new StreamsException(new StreamsException("task 0_1 failed", cause));
    }

    @Test
    void aFailedThreadIsReplacedAfterABackoffThatDoublesUpToItsMaximum() {
        StreamFailurePolicy p = policy(10);
        for (int i = 0; i < 6; i++) {
            assertThat(p.handle(wrapped(new ObjectStoreException("b", "k", "down", null))))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(5_000);
        }
        assertThat(slept).extracting(Duration::toMillis).containsExactly(1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
        assertThat(p.gaveUp()).isEmpty();
        assertThat(registry.get("hisscube.cube.stream_thread_failures").tag("type", "ObjectStoreException")
                .counter().count()).as("counted by the root cause, not Kafka's wrapper").isEqualTo(6.0);
    }

    @Test
    void aPersistentFaultShutsTheClientDownAfterTheLimitAndSaysWhy() {
        StreamFailurePolicy p = policy(3);
        for (int i = 0; i < 3; i++) {
            assertThat(p.handle(wrapped(new NullPointerException("segment was null"))))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(p.handle(wrapped(new NullPointerException("segment was null"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(p.gaveUp()).hasValueSatisfying(why -> assertThat(why).contains("4 consecutive")
                .contains("NullPointerException").contains("segment was null"));
        assertThat(slept).as("no wait before shutting down").hasSize(3);
        assertThat(registry.get("hisscube.cube.streams_gave_up").counter().count()).isEqualTo(1.0);
    }

    @Test
    void failuresFurtherApartThanTheWindowStartANewCount() {
        StreamFailurePolicy p = policy(2);
        p.handle(wrapped(new IllegalStateException("1")));
        p.handle(wrapped(new IllegalStateException("2")));
        now.addAndGet(Duration.ofMinutes(16).toMillis());
        assertThat(p.handle(wrapped(new IllegalStateException("3"))))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(p.consecutiveFailures()).isEqualTo(1);
        assertThat(slept.get(2)).as("the backoff starts over too").isEqualTo(Duration.ofSeconds(1));
        assertThat(p.gaveUp()).isEmpty();
    }
}
