package org.hisscube.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.hisscube.contracts.events.ModelEvaluated;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.features.Featurizer;
import org.hisscube.features.ShardStore;
import org.hisscube.features.TargetFeatures;
import org.hisscube.learning.Encoder;
import org.hisscube.learning.LiveModels;
import org.hisscube.learning.SimulatedTargets;
import org.hisscube.science.cube.Target;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.LocalStackResource;
import org.hisscube.testsupport.ServiceEndpointsSpec;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * trainer-service against the real broker and S3 server: shards of a small simulated survey's targets in the store
 * (as the feature-service writes them) → every model kind trained, evaluated on trainer.evaluations, written to the
 * registry and, passing the promotion rule, announced on trainer.models; new targets → a second round whose versions
 * go live only under the rule.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TrainerServiceIT extends ServiceEndpointsSpec {

    @Test
    void shardsInTheStoreBecomeEvaluatedModelsInTheRegistryAndRetrainingFollowsTheRule(@TempDir Path dir)
            throws Exception {
        StackConfig stack = new StackConfig(SharedLocalStack.config());
        Path data = SharedLocalStack.sampleFolder().getParent();
        List<Target> targets = SimulatedTargets.simulateAndBuild(data, dir, 64, 5, 4, line -> { });
        Featurizer featurizer = Featurizer.sdss();
        List<List<TargetFeatures>> batch = new ArrayList<>();
        for (Target t : targets) {
            batch.add(featurizer.derive(t, 1, List.of(3)));
        }
        try (ObjectStore store = new S3ObjectStore(stack.objectStore());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> models = consumer(stack, Topics.MODELS.name());
                KafkaConsumer<String, byte[]> evaluations = consumer(stack, Topics.EVALUATIONS.name())) {
            ShardStore shards = new ShardStore(store, Files.createDirectories(dir.resolve("scratch")), List.of(3),
                    List.of("image", "spectrum", "photometry"));
            shards.append(shards.manifest(), batch);

            List<ModelPublished> published = new ArrayList<>();
            List<ModelEvaluated> evaluated = new ArrayList<>();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                models.poll(Duration.ofMillis(500)).forEach(r -> published.add(Topics.MODELS.decode(r.value())));
                evaluations.poll(Duration.ofMillis(500))
                        .forEach(r -> evaluated.add(Topics.EVALUATIONS.decode(r.value())));
                assertThat(evaluated).hasSize(4);
                assertThat(published).hasSize(4);
            });
            assertThat(published).extracting(ModelPublished::modelId).containsExactlyInAnyOrder(
                    "photometry-z3-v1", "spectrum-z3-v1", "image-z3-v1", "fused-z3-v1");
            assertThat(published).extracting(ModelPublished::modality).containsExactlyInAnyOrder(Modality.PHOTOMETRY,
                    Modality.SPECTRUM, Modality.IMAGE, Modality.MULTI);
            for (ModelEvaluated e : evaluated) {
                assertThat(e.metrics()).containsKeys("macro_f1", "accuracy", "f1_GALAXY", "f1_QSO", "f1_STAR",
                        "validation_macro_f1", "train_samples_per_s", "model_bytes");
                assertThat(e.metrics().get("model_bytes")).isEqualTo(
                        (double) store.stat(Encoder.modelKey(e.modelId())).orElseThrow().size());
                assertThat(e.metrics().get("live")).isEqualTo(1.0);
                assertThat(e.trainSize()).isGreaterThanOrEqualTo(10);
                assertThat(store.stat(Encoder.modelKey(e.modelId()))).isPresent();
                assertThat(store.stat(Encoder.metadataKey(e.modelId()))).isPresent();
            }
            // the registry's model is an encoder: loadable, 32 numbers per target
            Encoder fused = Encoder.load(store, "fused-z3-v1");
            assertThat(fused.embed(List.of(batch.get(0).get(0)))[0]).hasSize(32);
            assertThat(fused.metadata().manifestVersion()).isEqualTo(1);

            // new labelled targets (a second version of each) → a second round under the promotion rule
            List<List<TargetFeatures>> v2 = new ArrayList<>();
            for (Target t : targets) {
                v2.add(featurizer.derive(t, 2, List.of(3)));
            }
            shards.append(shards.manifest(), v2);
            for (List<TargetFeatures> t : v2) {
                TargetFeatures f = t.get(0);
                FeaturesComputed e = new FeaturesComputed(UUID.randomUUID().toString(), 1, Instant.now(),
                        f.targetId(), 2, 3, Modality.PHOTOMETRY, f.className(), List.of(1.0), "baseline-1", 2,
                        f.split().label());
                producer.send(new ProducerRecord<>(Topics.EMBEDDINGS.name(), Long.toString(f.targetId()),
                        Topics.EMBEDDINGS.encode(e)));
            }
            producer.flush();
            List<ModelEvaluated> second = new ArrayList<>();
            List<ModelPublished> secondPublished = new ArrayList<>();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                evaluations.poll(Duration.ofMillis(500))
                        .forEach(r -> second.add(Topics.EVALUATIONS.decode(r.value())));
                assertThat(second).hasSize(4);
            });
            models.poll(Duration.ofSeconds(2)).forEach(r -> secondPublished.add(Topics.MODELS.decode(r.value())));
            LiveModels live = new LiveModels(store);
            for (ModelEvaluated e : second) {
                assertThat(e.modelVersion()).isEqualTo(2);
                String kind = e.modelId().substring(0, e.modelId().indexOf("-z"));
                ModelEvaluated first = evaluated.stream().filter(x -> x.modelId().startsWith(kind + "-")).findFirst()
                        .orElseThrow();
                boolean notWorse = e.metrics().get("validation_macro_f1") >= first.metrics().get("validation_macro_f1");
                assertThat(e.metrics().get("live")).as(e.modelId()).isEqualTo(notWorse ? 1.0 : 0.0);
                assertThat(live.get(kind, 3).orElseThrow().version()).as(kind).isEqualTo(notWorse ? 2 : 1);
                assertThat(secondPublished.stream().anyMatch(p -> p.modelId().equals(e.modelId())))
                        .as("%s announced", e.modelId()).isEqualTo(notWorse);
            }
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("hisscube_trainer_models_trained_total"))
                    .body(containsString("hisscube_trainer_live_macro_f1"))
                    .body(containsString("hisscube_trainer_rounds 2.0"))
                    .body(containsString("hisscube_trainer_training_epoch{model=\"fused\",zoom=\"3\"}"))
                    .body(containsString("hisscube_trainer_training_loss{model=\"image\",zoom=\"3\"}"))
                    .body(containsString("hisscube_trainer_training_samples_per_second{model=\"spectrum\",zoom=\"3\"}"));
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(StackConfig stack, String topic) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "trainer-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }
}
