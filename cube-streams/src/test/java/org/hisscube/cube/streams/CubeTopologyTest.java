package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.testsupport.InMemoryObjectStore;
import org.hisscube.testsupport.InMemoryObjectStore.Op;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production topology under {@code TopologyTestDriver} over an in-memory store: routing by sky cell, linking in
 * either order, version bumps, replays and dead letters, and what is not dead-lettered (outages beyond the retries,
 * programming errors). The real F-star field is ingested once; each test then drives a fresh topology with its
 * segment events, so the link step is tested without the second-per-frame cost of calibration.
 */
class CubeTopologyTest {
    private static final CubeTopology.Retry FAST_RETRY = new CubeTopology.Retry(3, Duration.ofMillis(1));
    private static InMemoryObjectStore shared;
    /** Segment events of the five frames (u, g, r, i, z) and of the four spectra (F star ×3, edge galaxy). */
    private static List<KeyValue<String, byte[]>> frameEvents;
    private static List<KeyValue<String, byte[]>> spectrumEvents;

    @BeforeAll
    static void ingestTheFieldOnce() {
        shared = new InMemoryObjectStore("cube-unit");
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            SampleRawFiles.FRAMES.forEach(f -> d.send(d.stage(f)));
            spectra().forEach(s -> d.send(d.stage(s)));
            frameEvents = d.announcedFrames();
            spectrumEvents = d.announcedSpectra();
            assertThat(d.targetEvents()).as("frames first, then spectra: one version per F-star epoch")
                    .extracting(TargetUpdated::version).containsExactly(1, 2, 3);
            assertThat(d.registry.get("hisscube.cube.link_spectrum_reads").tag("source", "cache").counter().count())
                    .as("1 + 2 + 3 F-star spectra and the edge galaxy's, all parsed by this instance's ingester")
                    .isEqualTo(7.0);
            assertThat(d.registry.find("hisscube.cube.link_spectrum_reads").tag("source", "store").counter())
                    .as("no raw spectrum read back").isNull();
        }
        assertThat(frameEvents).hasSize(5);
        assertThat(spectrumEvents).hasSize(4);
    }

    @Test
    void aFrameIsIndexedInEveryOrder10CellItCoversAndNoOther() {
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            KeyValue<String, byte[]> r = frameEvents.get(2);
            FrameIngested f = Topics.FRAMES.decode(r.value);
            d.sendFrameEvent(r.key, r.value);
            KeyValueStore<Long, CellContents.Frames> cells = d.driver.getKeyValueStore(CubeTopology.CELL_FRAMES_STORE);
            TreeSet<Long> indexed = new TreeSet<>();
            try (var it = cells.all()) {
                it.forEachRemaining(kv -> {
                    assertThat(kv.value.frames()).extracting(FrameIngested::fileId).containsExactly(f.fileId());
                    indexed.add(kv.key);
                });
            }
            assertThat(f.healpixCells()).hasSizeGreaterThan(1);
            assertThat(indexed).containsExactlyElementsOf(new TreeSet<>(f.healpixCells()));
        }
    }

    @Test
    void spectraFirstWaitUntilTheFifthBandArrivesThenOneTargetIsBuilt() {
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            spectrumEvents.forEach(kv -> d.sendSpectrumEvent(kv.key, kv.value));
            for (int i = 0; i < 4; i++) {
                d.sendFrameEvent(frameEvents.get(i).key, frameEvents.get(i).value);
            }
            assertThat(d.targetEvents()).isEmpty();
            assertThat(d.queries().target(SampleRawFiles.FSTAR_ID).status()).isEqualTo(TargetState.Status.WAITING);
            assertThat(d.queries().target(SampleRawFiles.FSTAR_ID).reasons()).singleElement().asString()
                    .startsWith("z: no frame of band z");
            d.sendFrameEvent(frameEvents.get(4).key, frameEvents.get(4).value);
            assertThat(d.targetEvents()).singleElement().satisfies(t -> {
                assertThat(t.version()).isEqualTo(1);
                assertThat(t.spectrumFileIds()).hasSize(3);
                assertThat(t.bands()).containsExactly("u", "g", "r", "i", "z");
            });
            assertThat(d.queries().target(SampleRawFiles.edgeGalaxyId()).status())
                    .isEqualTo(TargetState.Status.REFUSED);
        }
    }

    @Test
    void framesFirstMakeOneVersionPerSpectrumEpochAndAReplayChangesNothing() {
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            spectrumEvents.forEach(kv -> d.sendSpectrumEvent(kv.key, kv.value));
            List<TargetUpdated> events = d.targetEvents();
            assertThat(events).extracting(TargetUpdated::version).containsExactly(1, 2, 3);
            assertThat(events).extracting(e -> e.spectrumFileIds().size()).containsExactly(1, 2, 3);
            assertThat(events).extracting(TargetUpdated::targetKey).containsExactly(
                    "cube/targets/4657128951/v1.h5", "cube/targets/4657128951/v2.h5", "cube/targets/4657128951/v3.h5");
            int puts = shared.puts();
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            spectrumEvents.forEach(kv -> d.sendSpectrumEvent(kv.key, kv.value));
            assertThat(d.targetEvents()).as("no new version on a replay").hasSize(3);
            assertThat(shared.puts()).as("no object written on a replay").isEqualTo(puts);
        }
    }

    @Test
    void anotherReplicaLinksFromTheCutoutWindowsOfTheSegmentsTheTargetsThatWholeSegmentsGive() {
        assertThat(shared.stat(Topics.FRAMES.decode(frameEvents.get(0).value).segmentKey()).orElseThrow()
                .userMetadata()).as("the ingester stored the segment's layout with it")
                .containsKey(RawFileIngester.SEGMENT_LAYOUT_METADATA);
        List<org.hisscube.science.cube.Target> fromWindows = new ArrayList<>();
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            spectrumEvents.forEach(kv -> d.sendSpectrumEvent(kv.key, kv.value));
            List<TargetUpdated> events = d.targetEvents();
            assertThat(events).hasSize(3);
            events.forEach(e -> fromWindows.add(d.readTarget(e.targetKey())));
            assertThat(d.registry.get("hisscube.cube.link_frame_reads").tag("source", "window").counter().count())
                    .as("5 frames per link (the F star's 3 epochs and the edge galaxy, refused), none of them in this"
                            + " replica's recent frames").isEqualTo(20.0);
            assertThat(d.registry.get("hisscube.cube.link_frame_reads").tag("source", "store").counter().count())
                    .isZero();
            assertThat(d.registry.get("hisscube.cube.link_spectrum_reads").tag("source", "store").counter().count())
                    .as("each of the 4 raw spectra read back once by this replica").isEqualTo(4.0);
            assertThat(d.registry.get("hisscube.cube.link_spectrum_reads").tag("source", "cache").counter().count())
                    .as("the F star's later versions find its earlier spectra kept").isEqualTo(3.0);
        }
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY, true)) {
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            spectrumEvents.forEach(kv -> d.sendSpectrumEvent(kv.key, kv.value));
            List<TargetUpdated> events = d.targetEvents();
            assertThat(events).hasSize(3);
            for (int k = 0; k < 3; k++) {
                TargetArrays.assertSame(d.readTarget(events.get(k).targetKey()), fromWindows.get(k));
            }
            assertThat(d.registry.get("hisscube.cube.link_frame_reads").tag("source", "store").counter().count())
                    .as("the first link reads the 5 segments, the next three find them cached").isEqualTo(5.0);
            assertThat(d.registry.get("hisscube.cube.link_frame_reads").tag("source", "cache").counter().count())
                    .isEqualTo(15.0);
        }
    }

    @Test
    void aSegmentWhoseLayoutIsWrongIsReadWholeAndGivesTheSameTarget() {
        InMemoryObjectStore store = new InMemoryObjectStore("cube-bad-layout");
        store.ensureBucket();
        for (String key : shared.list("")) {
            Map<String, String> meta = new java.util.HashMap<>(shared.stat(key).orElseThrow().userMetadata());
            meta.computeIfPresent(RawFileIngester.SEGMENT_LAYOUT_METADATA, (k, v) -> v.replace("|LE|", "|LE|1x1@0+0|"));
            store.put(key, shared.getBytes(key), "application/octet-stream", meta);
        }
        try (CubeDriver d = new CubeDriver(store, FAST_RETRY)) {
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            spectrumEvents.forEach(kv -> d.sendSpectrumEvent(kv.key, kv.value));
            assertThat(d.targetEvents()).hasSize(3);
            assertThat(d.segmentDeadLetters()).isEmpty();
            assertThat(d.registry.get("hisscube.cube.link_frame_reads").tag("source", "window").counter().count())
                    .isZero();
            assertThat(d.registry.get("hisscube.cube.link_frame_reads").tag("source", "store").counter().count())
                    .isEqualTo(5.0);
        }
    }

    @Test
    void malformedSegmentEventsAreDeadLetteredOnTheirOwnTopicAndTheNextEventGoesThrough() {
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            FrameIngested f = Topics.FRAMES.decode(frameEvents.get(0).value);
            Map<String, Double> noCd = new java.util.LinkedHashMap<>(f.wcs());
            noCd.remove("CD1_1");
            noCd.put("CD9_9", 1.0);
            FrameIngested broken = new FrameIngested(f.eventId(), f.schemaVersion(), f.occurredAt(), f.fileId(),
                    f.filter(), f.run(), f.camcol(), f.field(), f.observedMjd(), f.segmentBucket(), f.segmentKey(), f.zooms(),
                    f.healpixOrder(), f.healpixCells(), noCd);
            d.sendFrameEvent(f.fileId(), Topics.FRAMES.encode(broken));
            d.sendSpectrumEvent("42", "{\"not\": \"a spectrum\"".getBytes());
            d.sendFrameEvent(frameEvents.get(0).key, frameEvents.get(0).value);

            List<EventDeadLettered> letters = d.segmentDeadLetters();
            assertThat(letters).extracting(EventDeadLettered::sourceTopic)
                    .containsExactly(Topics.FRAMES.name(), Topics.SPECTRA.name());
            assertThat(letters).extracting(EventDeadLettered::errorType).containsOnly("MalformedEventException");
            assertThat(letters.get(0).cause()).contains("complete WCS");
            assertThat(letters.get(0).payload()).isEqualTo(Topics.FRAMES.encode(broken));
            KeyValueStore<Long, CellContents.Frames> cells = d.driver.getKeyValueStore(CubeTopology.CELL_FRAMES_STORE);
            assertThat(cells.get(f.healpixCells().get(0)).frames()).as("the good event after the bad ones")
                    .extracting(FrameIngested::fileId).containsExactly(f.fileId());
        }
    }

    @Test
    void aSpectrumWhoseRawFileIsGoneIsRefusedAtLinkingAndDeadLettered() {
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            SpectrumIngested s = Topics.SPECTRA.decode(spectrumEvents.get(0).value);
            SpectrumIngested gone = new SpectrumIngested(s.eventId(), s.schemaVersion(), s.occurredAt(), s.fileId(),
                    s.plate(), s.mjd(), s.fiber(), s.ra(), s.dec(), s.healpix15(), s.objectClass(), s.subclass(),
                    s.redshift(), s.zwarning(), s.observedMjd(), s.segmentBucket(), s.segmentKey(), s.zooms(),
                    "raw/deleted/" + s.fileId() + ".fits");
            d.sendSpectrumEvent(spectrumEvents.get(0).key, Topics.SPECTRA.encode(gone));
            assertThat(d.segmentDeadLetters()).singleElement().satisfies(l -> {
                assertThat(l.errorType()).isEqualTo("RefusedInputException:missing_object");
                assertThat(l.cause()).contains("raw/deleted/").contains("no such object");
            });
            assertThat(d.targetEvents()).isEmpty();
        }
    }

    @Test
    void aProgrammingErrorStopsTheRecordLoudlyIsCountedAndIsNotDeadLettered() {
        InMemoryObjectStore store = new InMemoryObjectStore("cube-npe");
        RawFileStored claim = SampleRawFiles.stage(store, "raw/", SampleRawFiles.EDGE_GALAXY);
        store.faults((op, key) -> op == Op.STAT && key.startsWith("raw/") ? new NullPointerException("a bug") : null);
        try (CubeDriver d = new CubeDriver(store, FAST_RETRY)) {
            assertThatThrownBy(() -> d.send(claim)).hasRootCauseInstanceOf(NullPointerException.class);
            assertThat(d.rawDeadLetters()).as("a bug is not the input's fault").isEmpty();
            assertThat(d.spectraAnnounced()).isZero();
            assertThat(d.registry.get("hisscube.cube.processing_failures").tag("stage", "ingest")
                    .tag("type", "NullPointerException").counter().count()).isEqualTo(1.0);
            assertThat(d.queries().stats().filesIngested()).as("nothing recorded as ingested").isEmpty();

            store.faults(null); // the bug fixed; the uncommitted record is processed again
            d.send(claim);
            assertThat(d.spectraAnnounced()).isEqualTo(1);
            assertThat(d.rawDeadLetters()).isEmpty();
        }
    }

    @Test
    void anOutageThatOutlastsTheRetriesFailsTheRecordInsteadOfDeadLetteringIt() {
        InMemoryObjectStore store = new InMemoryObjectStore("cube-outage");
        RawFileStored claim = SampleRawFiles.stage(store, "raw/", SampleRawFiles.EDGE_GALAXY);
        AtomicInteger tries = new AtomicInteger();
        store.faults((op, key) -> {
            if (op == Op.PUT && key.startsWith("cube/")) {
                tries.incrementAndGet();
                return store.outage(key);
            }
            return null;
        });
        try (CubeDriver d = new CubeDriver(store, FAST_RETRY)) {
            assertThatThrownBy(() -> d.send(claim)).hasStackTraceContaining("simulated outage");
            assertThat(tries.get()).as("tried as often as the retry policy says").isEqualTo(3);
            assertThat(d.rawDeadLetters()).isEmpty();
            assertThat(d.registry.get("hisscube.cube.processing_failures").tag("type", "ObjectStoreException")
                    .counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void anOutageShorterThanTheRetriesIsRiddenOut() {
        InMemoryObjectStore store = new InMemoryObjectStore("cube-blip");
        RawFileStored claim = SampleRawFiles.stage(store, "raw/", SampleRawFiles.EDGE_GALAXY);
        AtomicInteger tries = new AtomicInteger();
        store.faults((op, key) -> op == Op.PUT && key.startsWith("cube/") && tries.incrementAndGet() <= 2
                ? store.outage(key) : null);
        try (CubeDriver d = new CubeDriver(store, FAST_RETRY)) {
            d.send(claim);
            assertThat(d.spectraAnnounced()).isEqualTo(1);
            assertThat(tries.get()).isEqualTo(3);
            assertThat(d.rawDeadLetters()).isEmpty();
        }
    }

    @Test
    void aProgrammingErrorWhileLinkingIsNotDeadLetteredEither() {
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            shared.faults((op, key) -> op == Op.GET && key.startsWith("cube/images/")
                    ? new IllegalStateException("a bug in the linker") : null);
            try {
                assertThatThrownBy(() -> d.sendSpectrumEvent(spectrumEvents.get(0).key, spectrumEvents.get(0).value))
                        .hasStackTraceContaining("a bug in the linker");
            } finally {
                shared.faults(null);
            }
            assertThat(d.segmentDeadLetters()).isEmpty();
            assertThat(d.targetEvents()).isEmpty();
            assertThat(d.registry.get("hisscube.cube.processing_failures").tag("stage", "link").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void aStoreThatFailsWhileARawSpectrumIsReadBackFailsTheRecordAndRefusesNothing() {
        try (CubeDriver d = new CubeDriver(shared, FAST_RETRY)) {
            frameEvents.forEach(kv -> d.sendFrameEvent(kv.key, kv.value));
            shared.faults((op, key) -> op == Op.GET && key.startsWith("raw/") ? shared.outage(key) : null);
            try {
                assertThatThrownBy(() -> d.sendSpectrumEvent(spectrumEvents.get(0).key, spectrumEvents.get(0).value))
                        .hasStackTraceContaining("simulated outage");
            } finally {
                shared.faults(null);
            }
            assertThat(d.segmentDeadLetters()).as("an outage is not the file's fault").isEmpty();
            assertThat(d.targetEvents()).isEmpty();
            assertThat(d.registry.get("hisscube.cube.processing_failures").tag("stage", "link")
                    .tag("type", "ObjectStoreException").counter().count())
                    .as("failed after the retries, not committed (the broker fault tests replay such a record)")
                    .isEqualTo(1.0);
        }
    }

    private static List<String> spectra() {
        List<String> l = new ArrayList<>(SampleRawFiles.FSTAR_SPECTRA);
        l.add(SampleRawFiles.EDGE_GALAXY);
        return l;
    }
}
