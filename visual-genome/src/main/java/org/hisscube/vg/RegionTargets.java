package org.hisscube.vg;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.imageio.ImageIO;
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
import org.apache.kafka.common.serialization.Serdes;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.json.JsonSerde;
import org.hisscube.contracts.store.ObjectStore;

/**
 * Visual Genome regions as targets on Kafka, the claim-check way the SDSS files travel: each example's crop goes
 * into the object store as a lossless PNG ({@code vg/<dataset>/crops/<image_id>/<object_id>.png}) and only then its
 * {@link RegionTarget} — ids, category, masked text, crop key — onto {@link #TOPIC} (key: the object id), from an
 * idempotent producer with {@code acks=all}. {@link #consume} reads the topic back (read_committed) and the crops
 * from the store; an event that is not a region target, or whose crop is missing or not the announced size, goes to
 * {@link #DEAD_LETTERS} with the cause (naming the key) and the run goes on without it.
 */
public final class RegionTargets {
    /** The regions topic of the experiment (keys: object ids); not part of the deployed services' catalogue. */
    public static final Topic<String, RegionTarget> TOPIC = new Topic<>("vg.regions", Serdes.String(),
            new JsonSerde<>(RegionTarget.class), 3, false, Topic.FOREVER);
    /** Where an unreadable region target goes, as {@code EventDeadLettered} with the original bytes. */
    public static final Topic<String, EventDeadLettered> DEAD_LETTERS = Topics.deadLetterOf(TOPIC);

    /** The event: a region as a target. */
    public record RegionTarget(@JsonProperty("image_id") long imageId, @JsonProperty("object_id") long objectId,
            @JsonProperty("category") String category, @JsonProperty("text") String text,
            @JsonProperty("crop_key") String cropKey, @JsonProperty("crop_size") int cropSize) {
    }

    private RegionTargets() {
    }

    /** The object key of a crop. */
    public static String cropKey(String dataset, long imageId, long objectId) {
        if (!dataset.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            throw new IllegalArgumentException("dataset name must be 1-48 of a-z, 0-9 and '-': " + dataset);
        }
        return "vg/" + dataset + "/crops/" + imageId + "/" + objectId + ".png";
    }

    /** A producer of region targets for {@code topic}; close it (flushes). */
    public static final class Publisher implements AutoCloseable {
        private final ObjectStore store;
        private final String dataset;
        private final KafkaProducer<String, byte[]> producer;
        private long sent;
        private volatile Exception failure;

        public Publisher(KafkaConnection kafka, ObjectStore store, String dataset) {
            this.store = store;
            this.dataset = dataset;
            Properties p = kafka.properties();
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }

        /** Stores the crop, then sends the event. */
        public void publish(RegionExamples.Example e) {
            String key = cropKey(dataset, e.imageId(), e.objectId());
            store.put(key, png(e.crop(), e.size()), "image/png", Map.of("category", e.category()));
            byte[] value = TOPIC.encode(new RegionTarget(e.imageId(), e.objectId(), e.category(), e.text(), key,
                    e.size()));
            producer.send(new ProducerRecord<>(TOPIC.name(), Long.toString(e.objectId()), value), (md, ex) -> {
                if (ex != null) {
                    failure = ex;
                }
            });
            sent++;
            if (failure != null) {
                throw new VisualGenomeException("cannot send region targets to " + TOPIC.name() + ": "
                        + failure.getMessage(), failure);
            }
        }

        public long sent() {
            return sent;
        }

        @Override
        public void close() {
            producer.flush();
            producer.close(Duration.ofSeconds(30));
            if (failure != null) {
                throw new VisualGenomeException("cannot send region targets to " + TOPIC.name() + ": "
                        + failure.getMessage(), failure);
            }
        }
    }

    /** What a read-back gave: the examples in the topic's order, and how many records were dead-lettered. */
    public record Consumed(List<RegionExamples.Example> examples, long deadLettered) {
    }

    /**
     * Reads {@code expected} records from the start of {@link #TOPIC} with their crops from the store, in the topic's
     * order; fails after {@code timeout} without them. A record that is not a usable region target is dead-lettered
     * (and counts towards {@code expected}).
     */
    public static Consumed consume(KafkaConnection kafka, ObjectStore store, long expected, Duration timeout) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vg-experiment-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties dp = kafka.properties();
        dp.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<Long, RegionExamples.Example> byObject = new HashMap<>();
        List<Long> order = new ArrayList<>();
        long seen = 0;
        long dead = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> dlq = new KafkaProducer<>(dp, new StringSerializer(),
                        new ByteArraySerializer())) {
            c.subscribe(List.of(TOPIC.name()));
            while (seen < expected) {
                if (System.nanoTime() > deadline) {
                    throw new VisualGenomeException(TOPIC.name() + ": " + seen + " of " + expected
                            + " region targets after " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    seen++;
                    try {
                        RegionTarget t = decode(r);
                        float[] crop = crop(store, t);
                        if (byObject.put(t.objectId(), new RegionExamples.Example(t.imageId(), t.objectId(),
                                t.category(), t.text(), crop, t.cropSize())) == null) {
                            order.add(t.objectId());
                        }
                    } catch (VisualGenomeException e) {
                        dead++;
                        dlq.send(new ProducerRecord<>(DEAD_LETTERS.name(), r.key(), DEAD_LETTERS.encode(
                                EventDeadLettered.of("visual-genome", TOPIC.name(), r.partition(), r.offset(),
                                        r.key(), r.value(), e))));
                    }
                }
            }
            dlq.flush();
        }
        return new Consumed(order.stream().map(byObject::get).toList(), dead);
    }

    private static RegionTarget decode(ConsumerRecord<String, byte[]> r) {
        try {
            RegionTarget t = TOPIC.decode(r.value());
            if (t == null || t.cropKey() == null || t.category() == null || t.cropSize() < 1) {
                throw new VisualGenomeException("incomplete region target");
            }
            return t;
        } catch (RuntimeException e) {
            throw new VisualGenomeException(TOPIC.name() + " partition " + r.partition() + " offset " + r.offset()
                    + " (key " + r.key() + "): not a region target: " + e.getMessage(), e);
        }
    }

    private static float[] crop(ObjectStore store, RegionTarget t) {
        BufferedImage b;
        if (store.stat(t.cropKey()).isEmpty()) {
            throw new VisualGenomeException(t.cropKey() + ": no such crop (region " + t.objectId() + ")");
        }
        try {
            b = ImageIO.read(new ByteArrayInputStream(store.getBytes(t.cropKey())));
        } catch (IOException e) {
            throw new VisualGenomeException(t.cropKey() + ": not a readable PNG: " + e.getMessage(), e);
        }
        if (b == null || b.getWidth() != t.cropSize() || b.getHeight() != t.cropSize()) {
            throw new VisualGenomeException(t.cropKey() + ": not a " + t.cropSize() + "×" + t.cropSize()
                    + " image (region " + t.objectId() + ")");
        }
        return RegionExamples.planar(b);
    }

    /** A planar RGB crop in [0, 1] as 8-bit PNG (the crops are 8-bit to begin with: lossless). */
    static byte[] png(float[] crop, int size) {
        BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                int r = Math.round(crop[i] * 255);
                int g = Math.round(crop[plane + i] * 255);
                int bl = Math.round(crop[2 * plane + i] * 255);
                b.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(b, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
