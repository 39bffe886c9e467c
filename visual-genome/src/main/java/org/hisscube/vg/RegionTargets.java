package org.hisscube.vg;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.Consumer;
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
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.store.ObjectStore;

/**
 * Visual Genome regions as targets on Kafka, the claim-check way the SDSS files travel: each example's crop goes
 * into the object store as a lossless PNG ({@code vg/<dataset>/crops/<image_id>/<object_id>.png}) and only then its
 * {@link RegionTarget} — ids, category, masked text, crop key — onto {@code topic} (key: the object id), from an
 * idempotent producer with {@code acks=all}. {@link #consume} reads the topic back (read_committed) and the crops
 * from the store, and refuses an event whose crop is missing or not the announced size, naming the key.
 */
public final class RegionTargets {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        private final String topic;
        private final KafkaProducer<String, byte[]> producer;
        private long sent;

        public Publisher(KafkaConnection kafka, ObjectStore store, String dataset, String topic) {
            this.store = store;
            this.dataset = dataset;
            this.topic = topic;
            Properties p = kafka.properties();
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }

        /** Stores the crop, then sends the event. */
        public void publish(RegionExamples.Example e) {
            String key = cropKey(dataset, e.imageId(), e.objectId());
            store.put(key, png(e.crop(), e.size()), "image/png", Map.of("category", e.category()));
            try {
                byte[] value = JSON.writeValueAsBytes(new RegionTarget(e.imageId(), e.objectId(), e.category(),
                        e.text(), key, e.size()));
                producer.send(new ProducerRecord<>(topic, Long.toString(e.objectId()), value), (md, ex) -> {
                    if (ex != null) {
                        throw new VisualGenomeException("cannot send region " + e.objectId() + ": " + ex.getMessage(),
                                ex);
                    }
                });
                sent++;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        public long sent() {
            return sent;
        }

        @Override
        public void close() {
            producer.flush();
            producer.close(Duration.ofSeconds(30));
        }
    }

    /**
     * Reads {@code expected} region targets from the start of {@code topic} and their crops from the store, in the
     * topic's order; fails after {@code timeout} without them.
     */
    public static List<RegionExamples.Example> consume(KafkaConnection kafka, ObjectStore store, String topic,
            long expected, Duration timeout, Consumer<Long> progress) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vg-experiment-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<Long, RegionExamples.Example> byObject = new HashMap<>();
        List<Long> order = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (byObject.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new VisualGenomeException(topic + ": " + byObject.size() + " of " + expected
                            + " region targets after " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    RegionTarget t = decode(topic, r);
                    float[] crop = crop(store, t);
                    if (byObject.put(t.objectId(), new RegionExamples.Example(t.imageId(), t.objectId(),
                            t.category(), t.text(), crop, t.cropSize())) == null) {
                        order.add(t.objectId());
                    }
                }
                progress.accept((long) byObject.size());
            }
        }
        return order.stream().map(byObject::get).toList();
    }

    private static RegionTarget decode(String topic, ConsumerRecord<String, byte[]> r) {
        try {
            return JSON.readValue(r.value(), RegionTarget.class);
        } catch (IOException e) {
            throw new VisualGenomeException(topic + " partition " + r.partition() + " offset " + r.offset()
                    + ": not a region target: " + e.getMessage(), e);
        }
    }

    private static float[] crop(ObjectStore store, RegionTarget t) {
        BufferedImage b;
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
