package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.science.cube.CubeBuild;
import org.hisscube.science.cube.CubeExportReader;
import org.hisscube.science.cube.Target;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cube topology on the real sample: the F-star field's five frames and three spectra plus the edge galaxy, sent
 * in two arrival orders, each through its own topology over the real S3 server.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CubeTopologyIT {
    private CubeDriver spectraFirst;
    private CubeDriver framesFirst;

    @BeforeAll
    void runBothOrders(StackConfig stack) {
        List<String> spectra = new ArrayList<>(SampleRawFiles.FSTAR_SPECTRA);
        spectra.add(SampleRawFiles.EDGE_GALAXY);

        spectraFirst = new CubeDriver(stack, "cube-spectra-first");
        spectra.forEach(s -> spectraFirst.send(spectraFirst.stage(s)));
        SampleRawFiles.FRAMES.forEach(f -> spectraFirst.send(spectraFirst.stage(f)));

        framesFirst = new CubeDriver(stack, "cube-frames-first");
        SampleRawFiles.FRAMES.forEach(f -> framesFirst.send(framesFirst.stage(f)));
        spectra.forEach(s -> framesFirst.send(framesFirst.stage(s)));
    }

    @AfterAll
    void close() {
        spectraFirst.close();
        framesFirst.close();
    }

    @Test
    void spectraFirstBuildsTheTargetWhenTheLastBandArrives() {
        List<TargetUpdated> events = spectraFirst.targetEvents();
        assertThat(events).hasSize(1);
        TargetUpdated t = events.get(0);
        assertThat(t.targetId()).isEqualTo(SampleRawFiles.FSTAR_ID);
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.bands()).containsExactly("u", "g", "r", "i", "z");
        assertThat(t.frameFileIds()).containsExactly("frame-g-002820-3-0122", "frame-i-002820-3-0122",
                "frame-r-002820-3-0122", "frame-u-002820-3-0122", "frame-z-002820-3-0122");
        assertThat(t.spectrumFileIds()).containsExactly("spec-3126-54804-0211", "spec-3127-54835-0622",
                "spec-7330-56684-0434");
        assertThat(t.objectClass()).isEqualTo("STAR");
        assertThat(t.targetKey()).isEqualTo("cube/targets/4657128951/v1.h5");
    }

    @Test
    void framesFirstBuildsOnTheFirstSpectrumAndAddsEachLaterEpochAsANewVersion() {
        List<TargetUpdated> events = framesFirst.targetEvents();
        assertThat(events).extracting(TargetUpdated::version).containsExactly(1, 2, 3);
        assertThat(events).extracting(TargetUpdated::targetId).containsOnly(SampleRawFiles.FSTAR_ID);
        assertThat(events).extracting(e -> e.spectrumFileIds().size()).containsExactly(1, 2, 3);
        assertThat(events.get(2).frameFileIds()).hasSize(5);
    }

    @Test
    void bothOrdersGiveTheSameTargetArrayForArray() {
        Target a = spectraFirst.readTarget(last(spectraFirst).targetKey());
        Target b = framesFirst.readTarget(last(framesFirst).targetKey());
        TargetArrays.assertSame(a, b);
        assertThat(a.zooms()).hasSize(4);
        assertThat(a.zoom(0).image()).hasDimensions(5, 64);
        assertThat(a.zoom(3).image()[0]).hasDimensions(8, 8);
    }

    @Test
    void theBatchBuildOfTheSameFilesGivesTheSameArrays(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> files = new ArrayList<>(SampleRawFiles.FRAMES);
        files.addAll(SampleRawFiles.FSTAR_SPECTRA);
        files.add(SampleRawFiles.EDGE_GALAXY);
        for (String f : files) {
            Files.createSymbolicLink(in.resolve(f), SampleRawFiles.file(f).toAbsolutePath());
        }
        CubeBuild.Summary s = CubeBuild.run(in, dir.resolve("cube.h5"), 4, line -> { });
        List<Target> batch = CubeExportReader.read(s.out()).targets();
        assertThat(batch).hasSize(1);
        TargetArrays.assertSame(batch.get(0), spectraFirst.readTarget(last(spectraFirst).targetKey()));
    }

    @Test
    void theEdgeGalaxyIsRefusedAndTheStatisticsSayWhy() {
        for (CubeDriver d : List.of(spectraFirst, framesFirst)) {
            CubeQueries.Stats stats = d.queries().stats();
            assertThat(stats.filesIngested()).containsEntry("frame", 5L).containsEntry("spectrum", 4L);
            assertThat(stats.targetsByStatus()).containsEntry("built", 1L).containsEntry("refused", 1L);
            assertThat(stats.targetsPerClass()).isEqualTo(Map.of("STAR", 1L));
            assertThat(stats.refused()).singleElement().satisfies(r -> {
                assertThat(r.targetId()).isEqualTo(SampleRawFiles.edgeGalaxyId());
                assertThat(r.spectrumFileIds()).containsExactly("spec-4238-55455-0037");
                assertThat(r.reasons()).isNotEmpty().allSatisfy(reason -> assertThat(reason).contains("EDGE"));
            });
            assertThat(stats.bytesPerZoom().get(0)).isEqualTo(5L * 2 * 4 * 2048 * 1489 + 4L * 2 * 4 * 4620);
        }
    }

    @Test
    void aConeSearchFindsTheStarAndNothingElse() {
        List<CubeQueries.Hit> hits = spectraFirst.queries().cone(38.3018, -0.1339, 0.01);
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.target().targetId()).isEqualTo(SampleRawFiles.FSTAR_ID);
            assertThat(h.distanceArcsec()).isLessThan(1.0);
        });
        assertThat(spectraFirst.queries().cone(38.3018, -0.1339 + 0.05, 0.01)).isEmpty();
    }

    @Test
    void aReplayOfTheWholeInputChangesNothing() {
        int targetsBefore = framesFirst.targetEvents().size();
        byte[] before = framesFirst.objectBytes(last(framesFirst).targetKey());
        framesFirst.framesAnnounced();
        framesFirst.spectraAnnounced();
        List<String> all = new ArrayList<>(SampleRawFiles.FRAMES);
        all.addAll(SampleRawFiles.FSTAR_SPECTRA);
        all.forEach(n -> framesFirst.send(framesFirst.stage(n)));
        assertThat(framesFirst.framesAnnounced()).isZero();
        assertThat(framesFirst.spectraAnnounced()).isZero();
        assertThat(framesFirst.targetEvents()).hasSize(targetsBefore);
        assertThat(framesFirst.objectBytes(last(framesFirst).targetKey())).isEqualTo(before);
    }

    @Test
    void badInputIsDeadLetteredWithItsCauseAndTheStreamGoesOn(StackConfig stack) {
        try (CubeDriver d = new CubeDriver(stack, "cube-bad-input")) {
            badInput(d);
        }
    }

    private static void badInput(CubeDriver d) {
        byte[] frame = SampleRawFiles.read(SampleRawFiles.file("frame-g-003565-1-0058.fits.bz2"));
        byte[] spec = SampleRawFiles.read(SampleRawFiles.file("spec-0412-52235-0305.fits"));

        d.sendBytes("junk", "{not json".getBytes());
        d.send(SampleRawFiles.stage(d.store, "bad/truncated/", "frame-g-003565-1-0058.fits.bz2",
                CorruptFits.truncated(frame, 200_000)));
        d.send(SampleRawFiles.stage(d.store, "bad/ivar/", "spec-0412-52235-0305.fits", CorruptFits.zeroIvar(spec)));
        RawFileStored good = d.stage("spec-0412-52235-0305.fits");
        d.send(new RawFileStored(good.eventId(), 1, good.occurredAt(), good.fileId(), FileKind.SPECTRUM,
                good.bucket(), good.key(), "0".repeat(64), good.sizeBytes(), good.sourceUrl(), Map.of()));
        d.send(RawFileStored.of("spec-0412-52235-0399", FileKind.SPECTRUM, d.store.bucket(),
                "raw/nothing/here.fits", good.sha256(), 10, null, Map.of()));
        d.send(good);

        List<EventDeadLettered> letters = d.rawDeadLetters();
        assertThat(letters).extracting(EventDeadLettered::errorType).containsExactly("MalformedEventException",
                "RefusedInputException:invalid_file", "RefusedInputException:invalid_file",
                "RefusedInputException:checksum_mismatch", "RefusedInputException:missing_object");
        assertThat(letters.get(1).cause()).contains("frame-g-003565-1-0058.fits.bz2");
        assertThat(letters.get(2).cause()).contains("spec-0412-52235-0305.fits").contains("all ivar are 0");
        assertThat(letters).allSatisfy(l -> assertThat(l.payload()).isNotEmpty());
        assertThat(d.spectraAnnounced()).as("the good spectrum after the bad ones").isEqualTo(1);
        assertThat(d.registry.get("hisscube.cube.dead_letters").counters()).isNotEmpty();
    }

    private static TargetUpdated last(CubeDriver d) {
        List<TargetUpdated> l = d.targetEvents();
        return l.get(l.size() - 1);
    }
}
