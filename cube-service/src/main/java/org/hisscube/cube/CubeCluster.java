package org.hisscube.cube;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.jboss.logging.Logger;

/**
 * The cube-service replicas of one cube: Kafka Streams spreads the topology's partitions, and so the state stores, over
 * every instance with the same application id. Each instance advertises where its HTTP API is
 * ({@code hisscube.cube.advertised-url}, given to Kafka Streams as {@code application.server}); a query that must see
 * the whole cube asks every other instance for its share ({@code scope=local}) and merges — the interactive-queries
 * pattern of Kafka Streams. Without an advertised URL the instance is alone and answers from its own stores.
 */
@ApplicationScoped
public class CubeCluster {
    private static final Logger LOG = Logger.getLogger(CubeCluster.class);
    /** The query parameter a peer is asked with: answer from your own stores only. */
    public static final String LOCAL_SCOPE = "local";

    @Inject
    KafkaStreams streams;

    @Inject
    CubeSettings settings;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** The answers of every peer that answered, and the peers that did not (the result is then partial). */
    public record Gathered<T>(List<T> answers, List<String> missing) {
        public boolean partial() {
            return !missing.isEmpty();
        }
    }

    /** This instance's {@code host:port}, when it advertises one. */
    public Optional<HostInfo> self() {
        return settings.advertisedUrl().map(CubeCluster::hostInfo);
    }

    /** Every other instance of the cube that Kafka Streams knows of (empty when this one advertises nothing). */
    public List<HostInfo> peers() {
        Optional<HostInfo> self = self();
        if (self.isEmpty()) {
            return List.of();
        }
        List<HostInfo> peers = new ArrayList<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (!m.hostInfo().equals(self.get()) && m.hostInfo().port() > 0) {
                peers.add(m.hostInfo());
            }
        }
        return peers;
    }

    /** Which instance holds which input partitions: for {@code GET /api/cube/instances} and the operators. */
    public List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        Optional<HostInfo> self = self();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            TreeSet<String> partitions = new TreeSet<>();
            m.topicPartitions().forEach(tp -> partitions.add(tp.topic() + "-" + tp.partition()));
            out.add(new Instance(m.hostInfo().host() + ":" + m.hostInfo().port(),
                    self.map(s -> s.equals(m.hostInfo())).orElse(false), List.copyOf(partitions),
                    m.stateStoreNames().stream().sorted().toList()));
        }
        return out;
    }

    /** One instance: its address, whether it is this one, the partitions it processes and its stores. */
    public record Instance(String address, boolean self, List<String> partitions, List<String> stores) {
    }

    /**
     * Asks every peer for {@code path} (with {@code scope=local} added) in parallel. A peer that can't be reached,
     * answers with an error or 404s is listed as missing, except that 404s are ignored when {@code notFoundIsEmpty}.
     */
    public <T> Gathered<T> gather(String path, TypeReference<T> type, boolean notFoundIsEmpty) {
        List<HostInfo> peers = peers();
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (HostInfo p : peers) {
            String sep = path.contains("?") ? "&" : "?";
            URI uri = URI.create("http://" + p.host() + ":" + p.port() + path + sep + "scope=" + LOCAL_SCOPE);
            calls.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        List<T> answers = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            String peer = peers.get(i).host() + ":" + peers.get(i).port();
            try {
                HttpResponse<byte[]> r = calls.get(i).join();
                if (r.statusCode() == 200) {
                    answers.add(json.readValue(r.body(), type));
                } else if (!(r.statusCode() == 404 && notFoundIsEmpty)) {
                    missing.add(peer + " (HTTP " + r.statusCode() + ")");
                }
            } catch (RuntimeException | IOException e) {
                missing.add(peer + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (!missing.isEmpty()) {
            LOG.warnf("cube query %s is partial: no answer from %s", path, missing);
        }
        return new Gathered<>(answers, missing);
    }

    /** {@code host:port} of an advertised URL ({@code http://host:port}). */
    static HostInfo hostInfo(String url) {
        URI u = URI.create(url);
        if (u.getHost() == null || u.getPort() < 0 || !"http".equals(u.getScheme())) {
            throw new IllegalArgumentException("hisscube.cube.advertised-url must be http://HOST:PORT, got " + url);
        }
        return new HostInfo(u.getHost(), u.getPort());
    }
}
