package org.hisscube.feature;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.Modality;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.features.AsinhMagnitudes;
import org.hisscube.features.FeatureManifest;
import org.hisscube.features.PhotometryModality;
import org.hisscube.features.ShardStore;
import org.hisscube.features.Split;
import org.hisscube.features.TargetFeatures;
import org.hisscube.learning.Encoder;
import org.hisscube.learning.ModalityModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hisscube.science.cube.CubeBuild;
import org.hisscube.science.cube.CubeExportReader;
import org.hisscube.science.cube.CubeExportWriter;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;
import org.hisscube.science.cutout.InverseVarianceStack;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.LocalStackResource;
import org.hisscube.testsupport.ServiceEndpointsSpec;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * feature-service against the real broker and S3 server, on the real F-star target (built from the bundled field by
 * the science core, stored as the cube-service stores target files): features at every zoom, shards and a manifest
 * in the store, embeddings on Kafka; bad events dead-lettered with their cause while the service goes on; a new
 * target version replaces the old one, a replay changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class FeatureServiceIT extends ServiceEndpointsSpec {
    static final List<String> FILES = List.of("frames/frame-u-002820-3-0122.fits.bz2",
            "frames/frame-g-002820-3-0122.fits.bz2", "frames/frame-r-002820-3-0122.fits.bz2",
            "frames/frame-i-002820-3-0122.fits.bz2", "frames/frame-z-002820-3-0122.fits.bz2",
            "spectra/spec-3126-54804-0211.fits", "spectra/spec-3127-54835-0622.fits",
            "spectra/spec-7330-56684-0434.fits", "spectra/spec-4238-55455-0037.fits");

    @Test
    void theFStarTargetBecomesShardsAndEmbeddingsAndBadEventsAreDeadLettered(@TempDir Path dir) throws Exception {
        StackConfig stack = new StackConfig(SharedLocalStack.config());
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String f : FILES) {
            Path src = SharedLocalStack.sampleFolder().resolve(f);
            Files.createSymbolicLink(in.resolve(src.getFileName()), src.toAbsolutePath());
        }
        // the field's cube: the F star is a target, the edge galaxy is refused (no target, so no event for it)
        CubeBuild.run(in, dir.resolve("cube.h5"), 4, line -> { });
        CubeExportReader.Contents cube = CubeExportReader.read(dir.resolve("cube.h5"));
        assertThat(cube.targets()).hasSize(1);
        assertThat(cube.refusals()).hasSize(1);
        Target star = cube.targets().get(0);
        Path targetFile = dir.resolve("target.h5");
        CubeExportWriter.write(targetFile, List.of(star), 4, List.of());
        byte[] targetBytes = Files.readAllBytes(targetFile);

        try (ObjectStore store = new S3ObjectStore(stack.objectStore());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> embeddings = consumer(stack, Topics.EMBEDDINGS.name());
                KafkaConsumer<String, byte[]> dlq = consumer(stack, Topics.deadLetterOf(Topics.TARGETS).name())) {
            // as the cube-service writes them: cube/targets/<id>/v<version>.h5
            store.put("cube/targets/" + star.id() + "/v1.h5", targetBytes, "application/x-hdf5", Map.of());
            store.put("cube/targets/" + star.id() + "/broken.h5", "not HDF5".getBytes(), "application/x-hdf5",
                    Map.of());
            send(producer, "junk", "{oops".getBytes());
            send(producer, star, 1, "cube/targets/" + star.id() + "/missing.h5");
            send(producer, star, 1, "cube/targets/" + star.id() + "/broken.h5");
            send(producer, star, 1, "cube/targets/" + star.id() + "/v1.h5");

            List<FeaturesComputed> events = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                poll(embeddings).forEach(r -> events.add(Topics.EMBEDDINGS.decode(r.value())));
                assertThat(events).hasSize(16);
            });
            assertThat(events).allSatisfy(e -> {
                assertThat(e.targetId()).isEqualTo(star.id());
                assertThat(e.targetVersion()).isEqualTo(1);
                assertThat(e.objectClass()).isEqualTo("STAR");
                assertThat(e.encoderVersion()).isEqualTo("baseline-1");
                assertThat(e.split()).isEqualTo(Split.of(star.id()).label());
                assertThat(e.manifestVersion()).isEqualTo(1);
            });
            assertThat(events.stream().map(e -> e.zoom() + "/" + e.modality()).distinct()).hasSize(16);
            assertThat(events).filteredOn(e -> e.modality() == Modality.MULTI)
                    .allSatisfy(e -> assertThat(e.vector()).hasSize(56));

            List<EventDeadLettered> letters = new ArrayList<>();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                poll(dlq).forEach(r -> letters.add(Topics.DEAD_LETTER_SERDE.fromBytes(r.topic(), r.value())));
                assertThat(letters).hasSize(3);
            });
            assertThat(letters).extracting(EventDeadLettered::errorType).anySatisfy(t -> assertThat(t)
                    .contains("missing_object")).anySatisfy(t -> assertThat(t).contains("unreadable"));
            assertThat(letters).extracting(EventDeadLettered::cause).anySatisfy(c -> assertThat(c)
                    .contains("missing.h5")).anySatisfy(c -> assertThat(c).contains("broken.h5"));

            // the shards in the store: r-band aperture magnitude against the independent stack of its r cutouts
            ShardStore shards = new ShardStore(store, dir.resolve("scratch"), List.of(0, 1, 2, 3),
                    List.of("image", "spectrum", "photometry"));
            FeatureManifest m1 = shards.manifest();
            assertThat(m1.version()).isEqualTo(1);
            assertThat(m1.targets()).singleElement().satisfies(t -> assertThat(t.targetId()).isEqualTo(star.id()));
            for (int zoom = 0; zoom < 4; zoom++) {
                TargetFeatures f = shards.liveRows(m1, zoom).get(0);
                assertThat(f.tensor("image").shape()).containsExactly(5, 64 >> zoom, 64 >> zoom);
                double mag = f.tensor("photometry").values()[2];
                double err = f.tensor("photometry").sigma()[2];
                assertThat(mag).as("zoom %d", zoom).isCloseTo(independentRMagnitude(star, zoom), within(err + 1e-4));
            }

            // a new version replaces the old one; a replay of version 1 writes nothing and publishes nothing
            store.put("cube/targets/" + star.id() + "/v2.h5", targetBytes, "application/x-hdf5", Map.of());
            send(producer, star, 2, "cube/targets/" + star.id() + "/v2.h5");
            List<FeaturesComputed> more = new ArrayList<>();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                poll(embeddings).forEach(r -> more.add(Topics.EMBEDDINGS.decode(r.value())));
                assertThat(more).hasSize(16);
            });
            assertThat(more).allSatisfy(e -> assertThat(e.targetVersion()).isEqualTo(2));
            FeatureManifest m2 = shards.manifest();
            assertThat(m2.version()).isEqualTo(2);
            assertThat(m2.targets()).singleElement().satisfies(t -> assertThat(t.version()).isEqualTo(2));
            send(producer, star, 1, "cube/targets/" + star.id() + "/v1.h5");
            send(producer, star, 2, "cube/targets/" + star.id() + "/v2.h5");
            // a marker after the replays: once its dead letter is out, the replays before it were handled
            send(producer, star, 3, "cube/targets/" + star.id() + "/marker-missing.h5");
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                poll(dlq).forEach(r -> letters.add(Topics.DEAD_LETTER_SERDE.fromBytes(r.topic(), r.value())));
                assertThat(letters).hasSize(4);
            });
            Thread.sleep(3000); // longer than the test linger: a batch holding the replays would have been written
            List<FeaturesComputed> replayed = new ArrayList<>();
            poll(embeddings).forEach(r -> replayed.add(Topics.EMBEDDINGS.decode(r.value())));
            assertThat(replayed).as("embeddings after the replay of versions 1 and 2")
                    .allSatisfy(e -> assertThat(e.targetVersion()).isEqualTo(2));
            assertThat(replayed.size()).isIn(0, 16);
            assertThat(shards.manifest().version()).as("manifest after the replays").isEqualTo(2);
            assertThat(store.list("features/shards/z0/")).hasSize(2);

            // a trained encoder (here: an untrained fused graph, as the registry holds models) re-embeds every live
            // target at its zoom exactly once, and new targets use it from then on
            ComputationGraph fused = ModalityModels.build(ModalityModels.Kind.FUSED, 16, 1155, 9,
                    new double[] {1, 1, 1}, 11);
            Encoder.publish(store, fused, new Encoder.Metadata("fused-z2-it", "fused", 2, 2, 11, new double[9],
                    ones(9), Map.of(), null));
            ModelPublished model = new ModelPublished(UUID.randomUUID().toString(), 1, Instant.now(), "fused-z2-it",
                    "cnn", Modality.MULTI, 2, 1, "hisscube", Encoder.modelKey("fused-z2-it"), 1);
            sendModel(producer, model);
            List<FeaturesComputed> reembedded = new ArrayList<>();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                poll(embeddings).forEach(r -> reembedded.add(Topics.EMBEDDINGS.decode(r.value())));
                assertThat(reembedded).filteredOn(e -> e.encoderVersion().equals("fused-z2-it")).hasSize(1);
            });
            assertThat(reembedded).filteredOn(e -> e.encoderVersion().equals("fused-z2-it")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.modality()).isEqualTo(Modality.MULTI);
                        assertThat(e.zoom()).isEqualTo(2);
                        assertThat(e.targetVersion()).isEqualTo(2);
                        assertThat(e.vector()).hasSize(ModalityModels.EMBEDDING_SIZE);
                    });
            sendModel(producer, model); // the same model again: loaded, not re-embedded
            store.put("cube/targets/" + star.id() + "/v3.h5", targetBytes, "application/x-hdf5", Map.of());
            send(producer, star, 3, "cube/targets/" + star.id() + "/v3.h5");
            List<FeaturesComputed> v3 = new ArrayList<>();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                poll(embeddings).forEach(r -> v3.add(Topics.EMBEDDINGS.decode(r.value())));
                assertThat(v3).filteredOn(e -> e.targetVersion() == 3).hasSize(16);
            });
            assertThat(v3).as("no second re-embedding").noneMatch(e -> e.targetVersion() == 2
                    && e.encoderVersion().equals("fused-z2-it"));
            assertThat(v3).filteredOn(e -> e.targetVersion() == 3 && e.encoderVersion().equals("fused-z2-it"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.zoom()).isEqualTo(2);
                        assertThat(e.modality()).isEqualTo(Modality.MULTI);
                    });
            assertThat(store.list("features/encoders/")).containsExactly("features/encoders/fused-z2-it.json");
            // a model the registry does not hold goes to trainer.models.dlq, naming its key
            try (KafkaConsumer<String, byte[]> modelDlq = consumer(stack, Topics.deadLetterOf(Topics.MODELS).name())) {
                sendModel(producer, new ModelPublished(UUID.randomUUID().toString(), 1, Instant.now(), "missing-model",
                        "cnn", Modality.IMAGE, 0, 1, "hisscube", Encoder.modelKey("missing-model"), 1));
                List<EventDeadLettered> bad = new ArrayList<>();
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                    poll(modelDlq).forEach(r -> bad.add(Topics.DEAD_LETTER_SERDE.fromBytes(r.topic(), r.value())));
                    assertThat(bad).singleElement().satisfies(d -> assertThat(d.cause())
                            .contains("models/missing-model/model.zip"));
                });
            }

            given().get("/q/health/live").then().statusCode(200)
                    .body("checks.find { it.name == 'feature-consumer' }.status", is("UP"));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("hisscube_feature_targets_featurised_total{zoom=\"0\"}"))
                    .body(containsString("hisscube_feature_refused_targets_total{cause=\"missing_object\"} 2.0"))
                    .body(containsString("hisscube_feature_refused_targets_total{cause=\"unreadable\"} 1.0"))
                    .body(containsString("hisscube_feature_manifest_version 3.0"))
                    .body(containsString("hisscube_feature_reembedded_targets_total{modality=\"multi\"} 1.0"))
                    .body(containsString("hisscube_feature_shard_written_bytes_total"))
                    .body(containsString("hisscube_feature_latency_seconds_count"));
        }
    }

    /** The r magnitude of the inverse-variance stack of the target's single-epoch r cutouts, measured alike. */
    static double independentRMagnitude(Target t, int zoom) {
        TargetZoom tz = t.zoom(zoom);
        int s = tz.size();
        List<float[]> values = new ArrayList<>();
        List<float[]> sigmas = new ArrayList<>();
        for (int k = 0; k < t.frames().size(); k++) {
            if (t.frames().get(k).filter().equals("r")) {
                values.add(flat(tz.epochImages()[k]));
                sigmas.add(flat(tz.epochImageErrors()[k]));
            }
        }
        InverseVarianceStack.Result stack = InverseVarianceStack.stackFloat32(values, sigmas);
        double[] flux = PhotometryModality.apertureFlux(plane(stack.meanFloat32(), s), plane(stack.sigmaFloat32(), s),
                zoom);
        return AsinhMagnitudes.magnitude(flux[0], 2);
    }

    private static float[] flat(float[][] p) {
        float[] out = new float[p.length * p.length];
        for (int y = 0; y < p.length; y++) {
            System.arraycopy(p[y], 0, out, y * p.length, p.length);
        }
        return out;
    }

    private static float[][] plane(float[] flat, int s) {
        float[][] out = new float[s][s];
        for (int y = 0; y < s; y++) {
            System.arraycopy(flat, y * s, out[y], 0, s);
        }
        return out;
    }

    private static void send(KafkaProducer<String, byte[]> p, Target t, int version, String key) throws Exception {
        TargetUpdated e = new TargetUpdated(UUID.randomUUID().toString(), 1, Instant.now(), t.id(), t.ra(), t.dec(),
                t.objectClass(), t.redshift(), version, "hisscube", key, t.bands(), t.frameFiles(), t.spectrumFiles(),
                4);
        send(p, Long.toString(t.id()), Topics.TARGETS.encode(e));
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    private static void sendModel(KafkaProducer<String, byte[]> p, ModelPublished m) throws Exception {
        p.send(new ProducerRecord<>(Topics.MODELS.name(), m.modelId(), Topics.MODELS.encode(m))).get();
    }

    private static void send(KafkaProducer<String, byte[]> p, String key, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(Topics.TARGETS.name(), key, value)).get();
    }

    private static KafkaConsumer<String, byte[]> consumer(StackConfig stack, String topic) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "feature-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static Iterable<ConsumerRecord<String, byte[]>> poll(KafkaConsumer<String, byte[]> c) {
        return c.poll(Duration.ofMillis(500));
    }
}
