package org.hisscube.cube.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;

/**
 * The cube topology as its own process, for the fault tests ({@link CubeFaultIT}): the production topology, Streams
 * settings ({@link CubeStreamsConfig}) and failure policy, on prefixed topics, a bucket of its own and a state and
 * scratch folder that survive a restart. The object store comes from the environment
 * ({@code HISSCUBE_OBJECT_STORE_ENDPOINT}, {@code _ACCESS_KEY}, {@code _SECRET_KEY}, {@code _BUCKET}), as in the
 * service. Prints {@code [cube-process] RUNNING} once Kafka Streams runs; SIGTERM closes it cleanly.
 *
 * <p>Arguments: bootstrap servers, application id, topic prefix, state folder, scratch folder.
 */
public final class CubeProcess {
    private CubeProcess() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String appId = args[1];
        String prefix = args[2];
        Path state = Path.of(args[3]);
        Path scratch = Path.of(args[4]);
        S3ObjectStore store = new S3ObjectStore(new ObjectStoreConfig(env("HISSCUBE_OBJECT_STORE_ENDPOINT"),
                env("HISSCUBE_OBJECT_STORE_ACCESS_KEY"), env("HISSCUBE_OBJECT_STORE_SECRET_KEY"),
                env("HISSCUBE_OBJECT_STORE_BUCKET"), "us-east-1"));
        List<String> leftovers = ScratchFolder.collect(scratch);
        System.out.println("[cube-process] collected scratch leftovers: " + leftovers);
        CubeMetrics metrics = new CubeMetrics(new SimpleMeterRegistry());
        CubeTopicNames topics = CubeTopicNames.standard().prefixed(prefix);
        RecentInputs recent = new RecentInputs(6); // as cube-service wires it
        var topology = CubeTopology.build(new CubeTopology.Parts(topics,
                new RawFileIngester(store, CubeDriver.ZOOMS, scratch, metrics, recent),
                new TargetLinker(store, CubeDriver.ZOOMS, scratch, recent), metrics, "cube-service", 3));
        Properties p = CubeStreamsConfig.properties(bootstrap, appId, state);
        // test-only: a SIGKILLed member leaves the group after 10 s instead of the default 45 s
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        KafkaStreams streams = new KafkaStreams(topology, p);
        StreamFailurePolicy policy = new StreamFailurePolicy(StreamFailurePolicy.Settings.defaults(), metrics);
        streams.setUncaughtExceptionHandler(policy);
        CountDownLatch closed = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            System.out.println("[cube-process] " + now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                closed.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            store.close();
        }, "cube-process-shutdown"));
        streams.start();
        closed.await();
        System.out.println("[cube-process] stopped; failure policy: " + policy.gaveUp().orElse("did not give up"));
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return v;
    }
}
