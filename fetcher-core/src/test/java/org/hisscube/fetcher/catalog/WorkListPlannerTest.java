package org.hisscube.fetcher.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkListPlannerTest {
    private static final String GALAXY_TEST = "GrumpyMonk_Test_SDSS_GALAXY.csv";
    private static final String NEW_GALAXY = "GrumpyMonk_input_New_Galaxy.csv";

    private final CatalogReader reader = new CatalogReader();
    private final WorkListPlanner planner = new WorkListPlanner();
    private static MergeResult merged;
    private static List<FetchRequested> planned;

    @BeforeAll
    static void planTheRealCatalogs() throws IOException {
        merged = CatalogMerger.merge(new CatalogReader().readDirectory(RepoData.catalogs()));
        planned = new WorkListPlanner().plan(merged);
    }

    private List<CatalogObject> realRows(String file, Integer... lines) throws IOException {
        Set<Integer> wanted = Set.of(lines);
        return reader.read(RepoData.catalog(file)).objects().stream().filter(o -> wanted.contains(o.line())).toList();
    }

    /** What a request says, without its event id and time. */
    private static List<Object> content(FetchRequested r) {
        return List.of(r.fileId(), r.kind(), r.sasPath(), r.sdssIds(), r.requestedBy());
    }

    @Test
    void shouldTurnAFewRealObjectsIntoExactlyTheExpectedFetchRequests() throws IOException {
        List<CatalogObject> objects = new ArrayList<>();
        // GALAXY_TEST line 2: ...,752,301,2,410,...,GALAXY,0.4994484,4046,55605,31
        // line 3:              ...,752,301,2,410,...,GALAXY,0.4267628,4043,55630,462  (same field)
        // line 4:              ...,752,301,2,411,...,GALAXY,0.5305237,4043,55630,427
        objects.addAll(realRows(GALAXY_TEST, 2, 3, 4));
        // NEW_GALAXY line 3:   ...,752,301,2,505,...,QSO,2.050211,306,51637,16        (SDSS-I plate)
        objects.addAll(realRows(NEW_GALAXY, 3));
        assertThat(objects).hasSize(4);

        List<FetchRequested> requests = planner.planObjects(objects);

        List<String> expectedIds = new ArrayList<>();
        for (String f : List.of("g", "i", "r", "u", "z")) {
            for (String field : List.of("0410", "0411", "0505")) {
                expectedIds.add("frame-" + f + "-000752-2-" + field);
            }
        }
        expectedIds.addAll(List.of("spec-0306-51637-0016", "spec-4043-55630-0427", "spec-4043-55630-0462",
                "spec-4046-55605-0031"));
        assertThat(requests).extracting(FetchRequested::fileId).containsExactlyElementsOf(expectedIds);

        assertThat(requests).filteredOn(r -> r.fileId().startsWith("frame-r-")).extracting(r -> content(r))
                .containsExactly(
                        List.of("frame-r-000752-2-0410", FileKind.FRAME,
                                "eboss/photoObj/frames/301/752/2/frame-r-000752-2-0410.fits.bz2",
                                Map.of("run", "752", "camcol", "2", "field", "410", "filter", "r"), GALAXY_TEST),
                        List.of("frame-r-000752-2-0411", FileKind.FRAME,
                                "eboss/photoObj/frames/301/752/2/frame-r-000752-2-0411.fits.bz2",
                                Map.of("run", "752", "camcol", "2", "field", "411", "filter", "r"), GALAXY_TEST),
                        List.of("frame-r-000752-2-0505", FileKind.FRAME,
                                "eboss/photoObj/frames/301/752/2/frame-r-000752-2-0505.fits.bz2",
                                Map.of("run", "752", "camcol", "2", "field", "505", "filter", "r"), NEW_GALAXY));
        assertThat(requests).filteredOn(r -> r.kind() == FileKind.SPECTRUM).extracting(r -> content(r))
                .containsExactly(
                        List.of("spec-0306-51637-0016", FileKind.SPECTRUM,
                                "sdss/spectro/redux/26/spectra/lite/0306/spec-0306-51637-0016.fits",
                                Map.of("plate", "306", "mjd", "51637", "fiber", "16"), NEW_GALAXY),
                        List.of("spec-4043-55630-0427", FileKind.SPECTRUM,
                                "eboss/spectro/redux/v5_13_2/spectra/lite/4043/spec-4043-55630-0427.fits",
                                Map.of("plate", "4043", "mjd", "55630", "fiber", "427"), GALAXY_TEST),
                        List.of("spec-4043-55630-0462", FileKind.SPECTRUM,
                                "eboss/spectro/redux/v5_13_2/spectra/lite/4043/spec-4043-55630-0462.fits",
                                Map.of("plate", "4043", "mjd", "55630", "fiber", "462"), GALAXY_TEST),
                        List.of("spec-4046-55605-0031", FileKind.SPECTRUM,
                                "eboss/spectro/redux/v5_13_2/spectra/lite/4046/spec-4046-55605-0031.fits",
                                Map.of("plate", "4046", "mjd", "55605", "fiber", "31"), GALAXY_TEST));
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.sasPath()).endsWith("/" + r.fileId() + (r.kind() == FileKind.FRAME ? ".fits.bz2" : ".fits"));
            assertThat(r.expectedSize()).isNull();
            assertThat(r.expectedSha256()).isNull();
        });
        assertThat(requests).extracting(FetchRequested::eventId).doesNotHaveDuplicates();
    }

    @Test
    void shouldFetchAFieldSharedByManyObjectsOnce() {
        Map<FieldKey, Long> objectsPerField = merged.entries().stream()
                .collect(Collectors.groupingBy(e -> e.object().fieldKey(), Collectors.counting()));
        Map.Entry<FieldKey, Long> busiest = objectsPerField.entrySet().stream().max(Map.Entry.comparingByValue())
                .orElseThrow();
        assertThat(busiest.getValue()).isGreaterThan(20);

        List<String> ids = planned.stream().map(FetchRequested::fileId).toList();
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        Map<FileKind, Long> perKind = planned.stream()
                .collect(Collectors.groupingBy(FetchRequested::kind, Collectors.counting()));
        assertThat(perKind).containsOnly(Map.entry(FileKind.FRAME, 5L * objectsPerField.size()),
                Map.entry(FileKind.SPECTRUM, (long) merged.entries().size()));
        FieldKey f = busiest.getKey();
        List<String> filters = planned.stream().filter(r -> r.kind() == FileKind.FRAME
                && r.sdssIds().get("run").equals(Integer.toString(f.run()))
                && r.sdssIds().get("camcol").equals(Integer.toString(f.camcol()))
                && r.sdssIds().get("field").equals(Integer.toString(f.field())))
                .map(r -> r.sdssIds().get("filter")).toList();
        assertThat(filters).containsExactly("g", "i", "r", "u", "z");
        // the real figures: 26,221 distinct fields (131,105 frame files) and 64,676 spectra
        assertThat(objectsPerField).hasSize(26_221);
        assertThat(planned).hasSize(26_221 * 5 + 64_676);
        System.out.printf("full catalog set: %d frame files (%d fields), %d spectra; busiest field %s with %d objects%n",
                5 * objectsPerField.size(), objectsPerField.size(), merged.entries().size(), f, busiest.getValue());
    }

    @Test
    void shouldNameEverySourceThatAskedForASharedFile() {
        // 3835-55570-828 is in three catalogs (with conflicting labels): its spectrum is asked for once, by all
        // three; its field 756-6-316 holds objects of two more catalogs, so its frames name five
        Map<String, String> byId = planned.stream().filter(r -> r.fileId().equals("spec-3835-55570-0828")
                || r.fileId().equals("frame-i-000756-6-0316"))
                .collect(Collectors.toMap(FetchRequested::fileId, FetchRequested::requestedBy));

        assertThat(byId).containsOnly(
                Map.entry("spec-3835-55570-0828", "GrumpyMonk_Test_SDSS_STAR.csv,"
                        + "GrumpyMonk_input_New_Galaxy.csv,Skyserver_SQL2_27_2018 6_51_39 PM.csv"),
                Map.entry("frame-i-000756-6-0316", "GrumpyMonk_Test_SDSS_QSO.csv,GrumpyMonk_Test_SDSS_STAR.csv,"
                        + "GrumpyMonk_input_New_Galaxy.csv,GrumpyMonk_input_New_Star.csv,"
                        + "Skyserver_SQL2_27_2018 6_51_39 PM.csv"));
    }

    @Test
    void shouldGiveTheSameRequestsInTheSameOrderOnReplay() throws IOException {
        List<FetchRequested> replay = planner.plan(CatalogMerger.merge(reader.readDirectory(RepoData.catalogs())));

        assertThat(replay).hasSameSizeAs(planned);
        assertThat(replay.stream().map(WorkListPlannerTest::content).toList())
                .isEqualTo(planned.stream().map(WorkListPlannerTest::content).toList());
        assertThat(replay.get(0).eventId()).isNotEqualTo(planned.get(0).eventId()); // new events, same files
    }

    @Test
    void shouldPlanFiveFramesPerRowOfImagesStripe() throws IOException {
        WorkList<FieldKey> fields = reader.readFieldList(RepoData.calib("images_stripe.csv"));

        List<FetchRequested> requests = planner.planFields(fields.items(), fields.sourceFile());

        assertThat(requests).hasSize(5 * 47_603);
        assertThat(requests.stream().allMatch(r -> r.kind() == FileKind.FRAME
                && r.requestedBy().equals("images_stripe.csv"))).isTrue();
        List<String> ids = requests.stream().map(FetchRequested::fileId).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        // the sample field's five frames are named exactly like the real files of data/sdss-sample/frames
        Set<String> sample;
        try (Stream<Path> s = Files.list(RepoData.root().resolve("data/sdss-sample/frames"))) {
            sample = s.map(p -> p.getFileName().toString()).filter(n -> n.contains("-002820-3-0122"))
                    .collect(Collectors.toSet());
        }
        assertThat(sample).hasSize(5);
        assertThat(requests).filteredOn(r -> r.fileId().endsWith("-002820-3-0122"))
                .extracting(r -> r.sasPath().substring(r.sasPath().lastIndexOf('/') + 1))
                .containsExactlyInAnyOrderElementsOf(sample);
        assertThat(requests).filteredOn(r -> r.fileId().equals("frame-r-002820-3-0122"))
                .singleElement().satisfies(r -> assertThat(r.sasPath())
                        .isEqualTo("eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2"));
    }

    @Test
    void shouldNotExpandPlatesWithoutALookup() throws IOException {
        WorkList<Integer> plates = reader.readPlateList(RepoData.calib("spectra_stripe.csv"));

        PlatePlan plan = planner.planPlates(plates.items());

        assertThat(plan.requests()).isEmpty(); // a plate alone names no file: MJD and fiber are unknown
        assertThat(plan.unexpanded()).hasSize(123).isSorted().startsWith(406, 407, 408); // the lowest plates listed
        assertThat(plan.lookupSql()).startsWith("SELECT s.plate, s.mjd, s.fiberID, s.class, s.z AS redshift")
                .contains(" WHERE s.plate IN (406,407,408,").contains(",410,");
        // what a lookup answers, planned per (plate, mjd, fiber)
        List<FetchRequested> requests = planner.planSpectra(List.of(new SpectrumKey(410, 51816, 3),
                new SpectrumKey(410, 51816, 3), new SpectrumKey(410, 51877, 3)), "skyserver:plates");
        assertThat(requests).extracting(FetchRequested::fileId, FetchRequested::sasPath).containsExactly(
                tuple("spec-0410-51816-0003", "sdss/spectro/redux/26/spectra/lite/0410/spec-0410-51816-0003.fits"),
                tuple("spec-0410-51877-0003", "sdss/spectro/redux/26/spectra/lite/0410/spec-0410-51877-0003.fits"));
    }

    @Test
    void shouldNotRequireTheSampleFStarToBeInTheCatalogs() throws IOException {
        // The sample's F star (three epochs, field 2820-3-122) is not in the label catalogs: it is fetched from an
        // explicit list (work list or query), which must work without any catalog row.
        List<SpectrumKey> fStar = List.of(new SpectrumKey(3126, 54804, 211), new SpectrumKey(3127, 54835, 622),
                new SpectrumKey(7330, 56684, 434));
        assertThat(merged.entries()).extracting(CatalogEntry::key).doesNotContainAnyElementsOf(fStar);
        assertThat(merged.entries()).noneMatch(e -> new FieldKey(2820, 3, 122).equals(e.object().fieldKey()));

        List<FetchRequested> spectra = planner.planSpectra(fStar, "sample");
        List<FetchRequested> frames = planner.planFields(List.of(new FieldKey(2820, 3, 122)), "sample");

        assertThat(spectra).extracting(FetchRequested::sasPath).containsExactly(
                "sdss/spectro/redux/104/spectra/lite/3126/spec-3126-54804-0211.fits",
                "sdss/spectro/redux/104/spectra/lite/3127/spec-3127-54835-0622.fits",
                "eboss/spectro/redux/v5_13_2/spectra/lite/7330/spec-7330-56684-0434.fits");
        for (FetchRequested r : spectra) {
            assertThat(RepoData.root().resolve("data/sdss-sample/spectra/" + r.fileId() + ".fits")).exists();
        }
        for (FetchRequested r : frames) {
            assertThat(RepoData.root().resolve("data/sdss-sample/frames/" + r.fileId() + ".fits.bz2")).exists();
        }
    }

    @Test
    void shouldPassOverObjectsWithoutIdentifiers() throws IOException {
        List<CatalogObject> amber = reader.read(RepoData.catalog("AstronomerAmber_SDSS_all.csv")).objects();

        assertThat(planner.planObjects(amber)).isEmpty();
        assertThat(WorkListPlanner.fileIdOf("eboss/photoObj/frames/301/752/2/frame-u-000752-2-0410.fits.bz2"))
                .isEqualTo("frame-u-000752-2-0410");
    }
}
