package org.hisscube.cube.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.hisscube.contracts.json.JsonSerde;

/**
 * The streaming HiSS-Cube as one Kafka Streams topology (run it with {@code processing.guarantee=exactly_once_v2}).
 *
 * <pre>
 *  sdss.raw-files ──▶ ingest ─────────────▶ hisscube.frames (key file id) / hisscube.spectra (key target id)
 *                     [cube-ingested-files]  └▶ sdss.raw-files.dlq
 *
 *  hisscube.frames ─┐                        one record per order-10 cell a frame covers;
 *  hisscube.spectra ┴▶ route by sky cell ──▶ a spectrum in the cell of its target
 *                                   │        (unreadable events ▶ &lt;topic&gt;.dlq)
 *                                   ▼
 *            repartition "link-cells" (key: HEALPix order-10 cell, so a partition holds a region of sky)
 *                                   ▼
 *              link [cube-cell-frames, cube-cell-spectra, cube-targets] ──▶ hisscube.targets (key target id)
 * </pre>
 * Every store is persistent with a compacted changelog topic; the object writes (segments, target files) happen
 * before the events that reference them and are idempotent, so a replay or a restart after a crash produces the
 * same cube.
 */
public final class CubeTopology {
    public static final String INGESTED_STORE = "cube-ingested-files";
    public static final String CELL_FRAMES_STORE = "cube-cell-frames";
    public static final String CELL_SPECTRA_STORE = "cube-cell-spectra";
    public static final String TARGETS_STORE = "cube-targets";
    /** Name of the repartition topic (Kafka Streams adds the application id and "-repartition"). */
    public static final String LINK_REPARTITION = "link-cells";

    public static final JsonSerde<IngestedFile> INGESTED_SERDE = new JsonSerde<>(IngestedFile.class);
    public static final JsonSerde<CellContents.Frames> CELL_FRAMES_SERDE = new JsonSerde<>(CellContents.Frames.class);
    public static final JsonSerde<CellContents.Spectra> CELL_SPECTRA_SERDE =
            new JsonSerde<>(CellContents.Spectra.class);
    public static final JsonSerde<TargetState> TARGET_SERDE = new JsonSerde<>(TargetState.class);
    static final JsonSerde<LinkItem> LINK_ITEM_SERDE = new JsonSerde<>(LinkItem.class);

    private CubeTopology() {
    }

    /**
     * What the topology's processors need.
     *
     * @param retry how often work that failed on an outage is tried in the stream thread before the thread fails
     */
    public record Parts(CubeTopicNames topics, RawFileIngester ingester, TargetLinker linker, CubeMetrics metrics,
            String service, int linkPartitions, Retry retry) {
        public Parts(CubeTopicNames topics, RawFileIngester ingester, TargetLinker linker, CubeMetrics metrics,
                String service, int linkPartitions) {
            this(topics, ingester, linker, metrics, service, linkPartitions, Retry.defaults());
        }
    }

    /** In-thread retries of work that failed on an outage: attempts, the first wait (doubled each time, ≤ 30 s). */
    public record Retry(int attempts, java.time.Duration firstDelay) {
        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
            }
        }

        /** Six tries, 0.5 s to 8 s apart: an outage of about 15 s passes without failing the thread. */
        public static Retry defaults() {
            return new Retry(6, java.time.Duration.ofMillis(500));
        }
    }

    /** Builds the topology. */
    public static Topology build(Parts parts) {
        CubeTopicNames topics = parts.topics();
        DeadLetterMaker dlq = new DeadLetterMaker(parts.service(), parts.metrics());
        Transient retry = new Transient(parts.retry().attempts(), parts.retry().firstDelay().toMillis());
        StreamsBuilder b = new StreamsBuilder();
        Map<String, String> changelog = Map.of("cleanup.policy", "compact");
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INGESTED_STORE), Serdes.String(),
                INGESTED_SERDE).withLoggingEnabled(changelog));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CELL_FRAMES_STORE),
                Serdes.Long(), CELL_FRAMES_SERDE).withLoggingEnabled(changelog));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CELL_SPECTRA_STORE),
                Serdes.Long(), CELL_SPECTRA_SERDE).withLoggingEnabled(changelog));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TARGETS_STORE), Serdes.Long(),
                TARGET_SERDE).withLoggingEnabled(changelog));

        b.stream(topics.rawFiles(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("raw-files"))
                .process(() -> new IngestProcessor(topics, parts.ingester(), dlq, retry, parts.metrics()), Named.as("ingest"),
                        INGESTED_STORE)
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.VALUE_SERDE).withName("ingest-out"));

        Map<String, KStream<Long, LinkItem>> routed = b
                .stream(List.of(topics.frames(), topics.spectra()),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("segments"))
                .process(() -> new CellRouter(topics, dlq), Named.as("route-by-cell"))
                .split(Named.as("routed-"))
                .branch((cell, item) -> item.deadLetter() != null, Branched.as("dead"))
                .defaultBranch(Branched.as("cells"));
        routed.get("routed-dead")
                .map((cell, item) -> KeyValue.pair(item.deadLetter().key(), item.deadLetter()), Named.as("dead-out"))
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.VALUE_SERDE).withName("route-dlq"));
        routed.get("routed-cells")
                .repartition(Repartitioned.with(Serdes.Long(), LINK_ITEM_SERDE).withName(LINK_REPARTITION)
                        .withNumberOfPartitions(parts.linkPartitions()))
                .process(() -> new LinkProcessor(topics, parts.linker(), parts.metrics(), dlq, retry),
                        Named.as("link"), CELL_FRAMES_STORE, CELL_SPECTRA_STORE, TARGETS_STORE)
                .to(Outgoing.ROUTER, Produced.with(Serdes.String(), Outgoing.VALUE_SERDE).withName("link-out"));
        return b.build();
    }
}
