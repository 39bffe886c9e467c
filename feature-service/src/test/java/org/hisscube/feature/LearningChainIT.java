package org.hisscube.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.Modality;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.ShardStore;
import org.hisscube.learning.SimulatedTargets;
import org.hisscube.learning.TrainingRun;
import org.hisscube.science.cube.CubeExportWriter;
import org.hisscube.science.cube.Target;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.LocalStackResource;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning chain through the real broker and S3 server: target files of a simulated survey (as the cube stores
 * them) → this service's shards and manifest → a model trained by the trainer's own round on those shards and
 * announced on trainer.models → every live target re-embedded with it, once.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class LearningChainIT {

    @Test
    void targetsBecomeFeaturesATrainedModelAndEmbeddingsMadeWithIt(@TempDir Path dir) throws Exception {
        StackConfig stack = new StackConfig(SharedLocalStack.config());
        Path data = SharedLocalStack.sampleFolder().getParent();
        List<Target> targets = SimulatedTargets.simulateAndBuild(data, dir, 48, 6, 4, line -> { });
        Set<Long> ids = targets.stream().map(Target::id).collect(Collectors.toSet());
        try (ObjectStore store = new S3ObjectStore(stack.objectStore());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> embeddings = consumer(stack)) {
            for (Target t : targets) {
                Path file = dir.resolve("t.h5");
                CubeExportWriter.write(file, List.of(t), 4, List.of());
                String key = "cube/targets/" + t.id() + "/v1.h5";
                store.put(key, Files.readAllBytes(file), "application/x-hdf5", Map.of());
                TargetUpdated e = new TargetUpdated(UUID.randomUUID().toString(), 1, Instant.now(), t.id(), t.ra(),
                        t.dec(), t.objectClass(), t.redshift(), 1, "hisscube", key, t.bands(), t.frameFiles(),
                        t.spectrumFiles(), 4);
                producer.send(new ProducerRecord<>(Topics.TARGETS.name(), Long.toString(t.id()),
                        Topics.TARGETS.encode(e)));
            }
            producer.flush();
            ShardStore shards = new ShardStore(store, Files.createDirectories(dir.resolve("scratch")),
                    List.of(0, 1, 2, 3), List.of("image", "spectrum", "photometry"));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(shards.manifest().byTarget().keySet()).containsAll(ids));
            FeatureManifest manifest = shards.manifest();

            // the trainer's round on the service's shards: a fused model at zoom 2, announced as the trainer does
            List<TrainingRun.Outcome> outcomes = TrainingRun.run(store, dir.resolve("train"), manifest, 2,
                    List.of("fused"), new TrainingRun.Settings(10, 3, 3, 1, 0.0), line -> { });
            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.published()).isNotNull());
            String modelId = outcomes.get(0).modelId();
            producer.send(new ProducerRecord<>(Topics.MODELS.name(), modelId,
                    Topics.MODELS.encode(outcomes.get(0).published()))).get();

            List<FeaturesComputed> made = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                embeddings.poll(Duration.ofMillis(500)).forEach(r -> {
                    FeaturesComputed e = Topics.EMBEDDINGS.decode(r.value());
                    if (e.encoderVersion().equals(modelId)) {
                        made.add(e);
                    }
                });
                assertThat(made.stream().map(FeaturesComputed::targetId).collect(Collectors.toSet()))
                        .containsAll(ids);
            });
            assertThat(made).allSatisfy(e -> {
                assertThat(e.modality()).isEqualTo(Modality.MULTI);
                assertThat(e.zoom()).isEqualTo(2);
                assertThat(e.vector()).hasSize(32);
            });
            assertThat(made.stream().map(FeaturesComputed::targetId).distinct().count())
                    .as("each live target re-embedded once").isEqualTo(made.size());
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(StackConfig stack) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "chain-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(Topics.EMBEDDINGS.name()));
        return c;
    }
}
