package org.hisscube.cube.streams;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings of the cube, in one place: cube-service hands {@link #settings()} to Quarkus (as
 * {@code kafka-streams.*} configuration, see its {@code CubeStreamsConfigSource}); tests, the child-process cube of
 * the fault tests and the benchmark use {@link #properties}.
 */
public final class CubeStreamsConfig {
    private CubeStreamsConfig() {
    }

    /**
     * exactly_once_v2 (the stores' changelogs, the consumed offsets and the produced events commit in one
     * transaction); commits every 50 ms (a spectrum crosses three topics — raw files, spectra, the sky-cell
     * repartition — and each hop waits for the commit of the one before: 200 ms gave a spectrum → target p95 of
     * 1.3 s in {@code hisscube bench cube}); two stream threads, so that one frame's segment is uploaded while another
     * is decoded (frames 4.36 → 3.36 s per round of 5, same bench); few records per poll and generous poll and
     * transaction limits, because a frame takes about a second to calibrate and write.
     */
    public static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        m.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "50");
        m.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
        m.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "10");
        m.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), "600000");
        m.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "600000");
        return Map.copyOf(m);
    }

    /** {@link #settings()} plus the application id, the bootstrap servers and the state folder. */
    public static Properties properties(String bootstrapServers, String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.putAll(settings());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }
}
