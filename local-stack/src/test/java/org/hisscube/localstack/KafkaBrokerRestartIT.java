package org.hisscube.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hisscube.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real KRaft broker process, stopped and started again mid-stream: no acknowledged event may be lost. */
class KafkaBrokerRestartIT {

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedEventAcrossABrokerRestart() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            System.out.println("broker under test: " + broker.bootstrapServers() + " (log " + broker.logFile() + ")");
            String topic = Topics.FETCH_REQUESTS.name();
            Set<String> acknowledged = new HashSet<>();
            Map<String, Object> producerConf = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConf)) {
                sendBatch(producer, topic, 0, 200, acknowledged);
                assertThat(acknowledged).hasSize(200);

                // send while the broker goes down: what gets acknowledged must survive
                List<Future<RecordMetadata>> inFlight = new ArrayList<>();
                for (int i = 200; i < 300; i++) {
                    inFlight.add(producer.send(new ProducerRecord<>(topic, "k" + i, "event-" + i)));
                }
                broker.stop();
                assertThat(broker.isRunning()).isFalse();
                broker.restart();
                assertThat(broker.isRunning()).isTrue();
                for (int i = 0; i < inFlight.size(); i++) {
                    try {
                        inFlight.get(i).get(120, TimeUnit.SECONDS);
                        acknowledged.add("event-" + (200 + i));
                    } catch (Exception notAcknowledged) {
                        // allowed: only acknowledged sends carry a promise
                    }
                }
                sendBatch(producer, topic, 300, 400, acknowledged);
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

            Set<String> read = readAll(broker.bootstrapServers(), topic, acknowledged.size());
            assertThat(read).containsAll(acknowledged);
        }
    }

    private static void sendBatch(KafkaProducer<String, String> producer, String topic, int from, int to,
            Set<String> acknowledged) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sends.add(producer.send(new ProducerRecord<>(topic, "k" + i, "event-" + i)));
        }
        for (int i = 0; i < sends.size(); i++) {
            sends.get(i).get(120, TimeUnit.SECONDS);
            acknowledged.add("event-" + (from + i));
        }
    }

    private static Set<String> readAll(String bootstrap, String topic, int atLeast) {
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
