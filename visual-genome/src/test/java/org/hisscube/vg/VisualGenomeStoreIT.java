package org.hisscube.vg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Visual Genome download copied into the real S3 server reads as the folder does, and a corrupt image there loses
 * only its own regions; regions travel as targets over the real broker, and a malformed one is dead-lettered, not
 * fatal.
 */
@ExtendWith(LocalStackExtension.class)
class VisualGenomeStoreIT {
    @Test
    void aDownloadInTheObjectStoreGivesTheSameExamplesAsTheFolderAndACorruptImageLosesOnlyItsRegions(
            StackConfig stack, @TempDir Path dir) throws IOException {
        VisualGenomeFixture.write(dir, 30, 11);
        List<String> top = VisualGenomeFixture.commonCategories();
        ObjectStoreConfig c = stack.objectStore();
        try (ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(),
                "vg-source", c.region()))) {
            store.ensureBucket();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    store.put("datasets/vg/" + dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f),
                            "application/octet-stream", java.util.Map.of());
                }
            }
            VisualGenomeSource s3 = VisualGenomeSource.store(store, "datasets/vg");
            assertThat(RegionExamples.topCategories(s3, 4)).isEqualTo(RegionExamples.topCategories(
                    dir.resolve("objects.json"), 4));
            List<RegionExamples.Example> fromFolder = new ArrayList<>();
            List<RegionExamples.Example> fromStore = new ArrayList<>();
            RegionExamples.read(dir, top, 16, 0, fromFolder::add);
            RegionExamples.read(s3, top, 16, 0, fromStore::add);
            assertThat(fromStore).hasSameSizeAs(fromFolder).isNotEmpty();
            for (int i = 0; i < fromFolder.size(); i++) {
                assertThat(fromStore.get(i).objectId()).isEqualTo(fromFolder.get(i).objectId());
                assertThat(fromStore.get(i).text()).isEqualTo(fromFolder.get(i).text());
                assertThat(fromStore.get(i).crop()).isEqualTo(fromFolder.get(i).crop());
            }

            // image 5 corrupted in the store: its regions are skipped and named, the others still read
            store.put("datasets/vg/VG_100K/5.jpg", "not a jpeg".getBytes(), "image/jpeg", java.util.Map.of());
            List<RegionExamples.Example> after = new ArrayList<>();
            var counts = RegionExamples.read(s3, top, 16, 0, after::add);
            long lost = fromFolder.stream().filter(e -> e.imageId() == 5).count();
            assertThat(lost).isPositive();
            assertThat(counts.badImage()).isEqualTo(lost);
            assertThat(after).hasSize(fromFolder.size() - (int) lost).noneMatch(e -> e.imageId() == 5);
            assertThat(counts.problems()).singleElement().asString().contains("s3://vg-source/datasets/vg/VG_100K/5.jpg")
                    .contains("not an image");
        }
    }

    @Test
    void regionTargetsGoOverTheBrokerWithTheirCropsAndAMalformedOneIsDeadLettered(StackConfig stack,
            @TempDir Path dir) throws Exception {
        VisualGenomeFixture.write(dir, 6, 2);
        List<RegionExamples.Example> examples = new ArrayList<>();
        RegionExamples.read(dir, VisualGenomeFixture.commonCategories(), 16, 5, examples::add);
        ObjectStoreConfig c = stack.objectStore();
        var kafka = stack.kafka();
        try (ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(),
                "vg-targets", c.region()));
                var admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientConfig())) {
            store.ensureBucket();
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(RegionTargets.TOPIC.name(), 3,
                    (short) 1), new org.apache.kafka.clients.admin.NewTopic(RegionTargets.DEAD_LETTERS.name(), 1,
                    (short) 1))).all().get();
            try (var publisher = new RegionTargets.Publisher(kafka, store, "it")) {
                examples.forEach(publisher::publish);
            }
            // two records no reader can use: not JSON, and a region whose crop is not in the store
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(kafka.properties(),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(RegionTargets.TOPIC.name(), "junk",
                        "{not json".getBytes()));
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(RegionTargets.TOPIC.name(), "42",
                        RegionTargets.TOPIC.encode(new RegionTargets.RegionTarget(1, 42, "ball", "a toy",
                                RegionTargets.cropKey("it", 1, 42), 16))));
            }
            var consumed = RegionTargets.consume(kafka, store, examples.size() + 2, java.time.Duration.ofMinutes(1));
            assertThat(consumed.deadLettered()).isEqualTo(2);
            assertThat(consumed.examples()).hasSameSizeAs(examples);
            for (RegionExamples.Example e : examples) {
                var back = consumed.examples().stream().filter(x -> x.objectId() == e.objectId()).findFirst()
                        .orElseThrow();
                assertThat(back.text()).isEqualTo(e.text());
                assertThat(back.category()).isEqualTo(e.category());
                assertThat(back.crop()).as("the PNG crop is lossless").isEqualTo(e.crop());
            }
            List<String> causes = new ArrayList<>();
            var props = kafka.properties();
            props.put("group.id", "dlq-reader");
            props.put("auto.offset.reset", "earliest");
            try (var dlq = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(props,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                dlq.subscribe(List.of(RegionTargets.DEAD_LETTERS.name()));
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (causes.size() < 2 && System.nanoTime() < deadline) {
                    dlq.poll(java.time.Duration.ofMillis(200)).forEach(r -> causes.add(
                            RegionTargets.DEAD_LETTERS.decode(r.value()).cause()));
                }
            }
            assertThat(causes).hasSize(2);
            assertThat(causes).anyMatch(m -> m.contains("not a region target") && m.contains("key junk"));
            assertThat(causes).anyMatch(m -> m.contains("vg/it/crops/1/42.png: no such crop"));
        }
    }
}
