package org.hisscube.fetcher.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {
    private final CatalogReader reader = new CatalogReader();

    private static Map<String, Long> classCounts(CatalogReadResult r) {
        return r.objects().stream().collect(Collectors.groupingBy(o -> String.valueOf(o.objectClass()),
                Collectors.counting()));
    }

    private static List<String> lines(String file, int from, int to) throws IOException {
        return Files.readAllLines(RepoData.catalog(file), StandardCharsets.UTF_8).subList(from - 1, to);
    }

    @Test
    void shouldSkipTheTable1LineBeforeTheHeader() throws IOException {
        CatalogReadResult r = reader.read(RepoData.catalog("GrumpyMonk_input_New_Galaxy.csv"));

        assertThat(r.skipped()).isEmpty();
        assertThat(r.rowsRead()).isEqualTo(8902);
        CatalogObject first = r.objects().get(0);
        assertThat(first.line()).isEqualTo(3); // line 1 "#Table1", line 2 the header
        assertThat(first.objId()).isEqualTo(1237648703518998559L);
        assertThat(first.ra()).isEqualTo(219.118588910463);
        assertThat(first.dec()).isEqualTo(-0.644499944519037);
        assertThat(first.fieldKey()).isEqualTo(new FieldKey(752, 2, 505));
        assertThat(first.rerun()).isEqualTo(301);
        assertThat(first.spectrumKey()).isEqualTo(new SpectrumKey(306, 51637, 16));
        assertThat(first.redshift()).isEqualTo(2.050211);
        assertThat(first.magnitudes()).isEqualTo(new Magnitudes(18.70996, 18.55123, 18.4389, 18.26285, 18.04574));
        assertThat(first.sourceFile()).isEqualTo("GrumpyMonk_input_New_Galaxy.csv");
    }

    @Test
    void shouldTrustTheClassColumnNotTheFileName() throws IOException {
        // PROVENANCE.md: ..._Galaxy.csv holds QSOs, ..._QSO.csv holds STARs, ..._Star.csv holds GALAXYs
        assertThat(classCounts(reader.read(RepoData.catalog("GrumpyMonk_input_New_Galaxy.csv"))))
                .containsExactly(Map.entry("QSO", 8902L));
        assertThat(classCounts(reader.read(RepoData.catalog("GrumpyMonk_input_New_QSO.csv"))))
                .containsExactly(Map.entry("STAR", 9099L));
        assertThat(classCounts(reader.read(RepoData.catalog("GrumpyMonk_input_New_Star.csv"))))
                .containsExactly(Map.entry("GALAXY", 9143L));
    }

    @Test
    void shouldNotUseExcelRoundedObjectIdsAsIdentifiers() throws IOException {
        CatalogReadResult rounded = reader.read(RepoData.catalog("GrumpyMonk_Test_SDSS_GALAXY.csv"));
        assertThat(rounded.objects()).allSatisfy(o -> assertThat(o.objId()).isNull());
        // ...but plate/mjd/fiberid and run/camcol/field are exact, so every row is identified all the same
        assertThat(rounded.objects()).allSatisfy(o -> {
            assertThat(o.hasSpectrumIds()).isTrue();
            assertThat(o.hasFieldIds()).isTrue();
        });
        CatalogObject first = rounded.objects().get(0); // 1.23765E+18,...,752,301,2,410,4.5554E+18,GALAXY,...,4046,55605,31
        assertThat(first.spectrumKey()).isEqualTo(new SpectrumKey(4046, 55605, 31));
        assertThat(first.fieldKey()).isEqualTo(new FieldKey(752, 2, 410));

        CatalogReadResult skyserver = reader.read(RepoData.catalog("Skyserver_SQL2_27_2018 6_51_39 PM.csv"));
        assertThat(skyserver.objects()).allSatisfy(o -> assertThat(o.objId()).isNull()); // 1.23764870457714E+018

        CatalogReadResult exact = reader.read(RepoData.catalog("GrumpyMonk_new_input_Star.csv"));
        assertThat(exact.objects()).allSatisfy(o -> assertThat(o.objId()).isNotNull());
        assertThat(exact.objects().get(0).objId()).isEqualTo(1237648705123909694L);
    }

    @Test
    void shouldReadIsaialesColumnNames() throws IOException {
        // obj_ID,alpha,delta,u,g,r,i,z,run_ID,rerun_ID,cam_col,field_ID,spec_obj_ID,class,redshift,plate,MJD,fiber_ID
        CatalogReadResult r = reader.read(RepoData.catalog("isaiale_star_classification_SDSS17_first9999.csv"));

        assertThat(r.skipped()).isEmpty();
        assertThat(r.objects()).hasSize(9435);
        CatalogObject first = r.objects().get(0);
        assertThat(first).isEqualTo(new CatalogObject(null, 135.6891066, 32.49463184, 3606, 301, 2, 79, 5812, 56354,
                171, "GALAXY", 0.6347936, new Magnitudes(23.87882, 22.2753, 20.39501, 19.16573, 18.79371),
                "isaiale_star_classification_SDSS17_first9999.csv", 2));
        // plates of 5 digits (eBOSS) are read as they are
        assertThat(r.objects().get(1).spectrumKey()).isEqualTo(new SpectrumKey(10445, 58158, 427));
        assertThat(classCounts(r)).containsOnly(Map.entry("GALAXY", 5742L), Map.entry("QSO", 1812L),
                Map.entry("STAR", 1881L));
    }

    @Test
    void shouldMapAstronomerAmbersNumericSpecClass() throws IOException {
        // u,g,r,i,z,specClass,redshift,zerr — specClass 1 STAR, 2 GALAXY, 3 QSO; no identifiers at all
        CatalogReadResult r = reader.read(RepoData.catalog("AstronomerAmber_SDSS_all.csv"));

        assertThat(r.skipped()).isEmpty();
        assertThat(r.objects()).hasSize(1000);
        assertThat(classCounts(r)).containsOnly(Map.entry("GALAXY", 713L), Map.entry("STAR", 117L),
                Map.entry("QSO", 170L));
        assertThat(r.objects()).noneMatch(CatalogObject::hasIdentifiers);
        CatalogObject first = r.objects().get(0); // 18.610222,18.410435,18.455702,18.353773,18.133831,3,0.426671,...
        assertThat(first.objectClass()).isEqualTo("QSO");
        assertThat(first.redshift()).isEqualTo(0.426671);
        assertThat(first.magnitudes().u()).isEqualTo(18.610222);
        assertThat(first.magnitudes().z()).isEqualTo(18.133831); // 'z' is the magnitude here, redshift has its column
        assertThat(first.objId()).isNull();
        assertThat(first.ra()).isNull();
    }

    @Test
    void shouldTreatMinus9999MagnitudesAsNoMeasurement() throws IOException {
        CatalogReadResult amber = reader.read(RepoData.catalog("AstronomerAmber_SDSS_all.csv"));
        CatalogObject line790 = amber.objects().stream().filter(o -> o.line() == 790).findFirst().orElseThrow();
        // -9999,-9999,-9999,-9999,-9999,1,-7.32715E-5,7.04319E-5
        assertThat(line790.magnitudes()).isEqualTo(Magnitudes.NONE);
        assertThat(line790.magnitudes().bandOrNaN('r')).isNaN();
        assertThat(line790.objectClass()).isEqualTo("STAR");
        assertThat(line790.redshift()).isEqualTo(-7.32715E-5);

        CatalogReadResult galaxies = reader.read(RepoData.catalog("GrumpyMonk_Test_SDSS_GALAXY.csv"));
        assertThat(galaxies.skipped()).isEmpty();
        // line 1427: 1.23765E+18,209.5896708,-0.625216818,-9999,-9999,16.86128,16.54719,-9999,...
        CatalogObject partial = galaxies.objects().stream().filter(o -> o.line() == 1427).findFirst().orElseThrow();
        assertThat(partial.magnitudes()).isEqualTo(new Magnitudes(null, null, 16.86128, 16.54719, null));
        assertThat(partial.magnitudes().measuredBands()).isEqualTo(2);
        // 10 rows of this file carry a -9999 somewhere; no magnitude anywhere is a placeholder any more
        assertThat(galaxies.objects().stream().filter(o -> !o.magnitudes().complete())).hasSize(10);
        assertThat(galaxies.objects()).allSatisfy(o -> {
            for (char f : "ugriz".toCharArray()) {
                Double m = o.magnitudes().band(f);
                assertThat(m == null || m > -999).isTrue();
            }
        });
    }

    @Test
    void shouldReportAndSkipAMalformedRowWithoutAbortingTheImport() throws IOException {
        List<String> real = lines("GrumpyMonk_Test_SDSS_QSO.csv", 1, 6);
        String csv = String.join("\n",
                real.get(0), // header
                real.get(1), // line 2: fine
                real.get(2).replace("183.3848464", "183.38x8464"), // line 3: ra is not a number
                real.get(3).replace(",3846,55327,536", ",3846,55327,5.5"), // line 4: fiberid not an integer
                real.get(4), // line 5: fine
                real.get(5).replace(",301,", ",301,7,"), // line 6: one cell too many
                real.get(1).replace(",752,301,4,", ",752,301,9,"), // line 7: camcol 9
                real.get(1).replace(",QSO,", ",QSO,2.4E+99x,"), // line 8: cell count and number both wrong
                "1.23765E+18,183.4,0.1,\"20.1\",\"20\",\"19.9\",\"19.8\",\"19.5\",752,301,4,266,4.3E+18,QSO,"
                        + "2.48,3845,55323,\"81"); // line 9: a quote never closed (end of input)

        CatalogReadResult r = reader.read(csv, "broken.csv");

        assertThat(r.rowsRead()).isEqualTo(8);
        assertThat(r.objects()).extracting(CatalogObject::line).containsExactly(2, 5);
        assertThat(r.skipped()).extracting(RowProblem::line, RowProblem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, SkipReason.MALFORMED_NUMBER),
                org.assertj.core.groups.Tuple.tuple(4, SkipReason.MALFORMED_NUMBER),
                org.assertj.core.groups.Tuple.tuple(6, SkipReason.WRONG_FIELD_COUNT),
                org.assertj.core.groups.Tuple.tuple(7, SkipReason.INVALID_IDENTIFIER),
                org.assertj.core.groups.Tuple.tuple(8, SkipReason.WRONG_FIELD_COUNT),
                org.assertj.core.groups.Tuple.tuple(9, SkipReason.UNTERMINATED_QUOTE));
        assertThat(r.skipped()).allSatisfy(p -> assertThat(p.sourceFile()).isEqualTo("broken.csv"));
        assertThat(r.skipped().get(0).detail()).isEqualTo("column 'ra': '183.38x8464' is not a number");
        assertThat(r.skipped().get(1).detail()).isEqualTo("column 'fiberid': '5.5' is not an integer");
        assertThat(r.skipped().get(3).detail()).contains("camcol 9");
        assertThat(r.skipped().get(0).toString()).startsWith("broken.csv:3: MALFORMED_NUMBER: ");
    }

    @Test
    void shouldReportAMalformedRowOfARealFileAndReadTheRest(@TempDir Path dir) throws IOException {
        List<String> all = Files.readAllLines(RepoData.catalog("GrumpyMonk_input_New_QSO.csv"));
        // line 101: 1237646380469453117,95.7329152267862,...,211,301,3,366,...  — letter O for a zero in the run
        assertThat(all.get(100)).contains(",211,301,3,366,");
        all.set(100, all.get(100).replace(",211,301,3,366,", ",2O1,301,3,366,"));
        Path file = dir.resolve("GrumpyMonk_input_New_QSO.csv");
        Files.write(file, all);

        CatalogReadResult r = reader.read(file);

        assertThat(r.rowsRead()).isEqualTo(9099);
        assertThat(r.objects()).hasSize(9098);
        assertThat(r.skipped()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(101);
            assertThat(p.reason()).isEqualTo(SkipReason.MALFORMED_NUMBER);
            assertThat(p.detail()).isEqualTo("column 'run': '2O1' is not a number");
        });
    }

    @Test
    void shouldAcceptQuotedFieldsBlankLinesAndOtherSpellings() {
        String csv = "\uFEFF# exported by hand\r\n"
                + "\r\n"
                + "\"ObjID\",\"RA\",\"Dec\",\"Run\",\"ReRun\",\"CamCol\",\"Field\",\"SpecObjID\",\"Class\",\"Redshift\","
                + "\"Plate\",\"MJD\",\"FiberID\",\"U\",\"G\",\"R\",\"I\",\"Z\",\"comment\"\r\n"
                + "\r\n"
                + "1237648703518998559,\"219.118588910463\",-0.644499944519037,752,301,2,505,344529797004683264,"
                + "\" qso \",2.050211,306,51637,16,18.70996,18.55123,18.4389,18.26285,18.04574,\"a, b and \"\"c\"\"\"\r\n"
                + ",,,,,,,,,,,,,,,,,,\r\n"
                + "   \r\n"
                + "1237648703518408882,217.756888247794,-0.714354880414317,752,301,2,496,344584222830258176,QSO,"
                + "0.3336057,306,51637,214,19.34039,18.94457,18.8008,18.80692,18.05679,\"two\nlines\",\r\n";

        CatalogReadResult r = reader.read(csv, "quoted.csv");

        assertThat(r.skipped()).isEmpty();
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(r.objects()).extracting(CatalogObject::line).containsExactly(5, 8);
        assertThat(r.objects()).extracting(CatalogObject::objectClass).containsExactly("QSO", "QSO");
        assertThat(r.objects().get(0).ra()).isEqualTo(219.118588910463);
        assertThat(r.objects().get(0).objId()).isEqualTo(1237648703518998559L);
        assertThat(r.objects().get(1).spectrumKey()).isEqualTo(new SpectrumKey(306, 51637, 214));
        assertThat(r.objects().get(1).magnitudes().z()).isEqualTo(18.05679);
    }

    @Test
    void shouldReadAFileWithBytesThatAreNotUtf8(@TempDir Path dir) throws IOException {
        byte[] latin1 = ("objid,ra,dec,class,plate,mjd,fiberid,comment\n"
                + "1237648703518998559,219.118588910463,-0.644499944519037,QSO,306,51637,16,\u00c5ngstr\u00f6m\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("windows.csv");
        Files.write(file, latin1);

        CatalogReadResult r = reader.read(file);

        assertThat(r.skipped()).isEmpty();
        assertThat(r.objects()).singleElement()
                .satisfies(o -> assertThat(o.spectrumKey()).isEqualTo(new SpectrumKey(306, 51637, 16)));
    }

    @Test
    void shouldReadZAsTheRedshiftWhereThereAreNoMagnitudes() {
        // what a SpecObj query answers: #Table1, then plate,mjd,fiberID,class,z
        CatalogReadResult r = reader.read("#Table1\nplate,mjd,fiberID,class,z\n3126,54804,211,STAR,-0.0001185\n",
                "specobj");
        assertThat(r.objects()).singleElement().satisfies(o -> {
            assertThat(o.redshift()).isEqualTo(-0.0001185);
            assertThat(o.magnitudes()).isEqualTo(Magnitudes.NONE);
            assertThat(o.spectrumKey()).isEqualTo(new SpectrumKey(3126, 54804, 211));
            assertThat(o.line()).isEqualTo(3);
        });
    }

    @Test
    void shouldStartANewHeaderAfterASecondTableLine() {
        CatalogReadResult r = reader.read("#Table1\nplate,mjd,fiberid\n306,51637,16\n#Table2\nrun,camcol,field\n"
                + "752,2,505\n", "two-tables");
        assertThat(r.skipped()).isEmpty();
        assertThat(r.objects()).extracting(CatalogObject::spectrumKey, CatalogObject::fieldKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new SpectrumKey(306, 51637, 16), null),
                org.assertj.core.groups.Tuple.tuple(null, new FieldKey(752, 2, 505)));
    }

    @Test
    void shouldRefuseSomethingThatIsNotACatalog() {
        assertThatThrownBy(() -> reader.read("<html><body>Server Error</body></html>\n", "page"))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("not a catalog header");
        assertThatThrownBy(() -> reader.read("#Table1\n", "empty")).isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("no header");
    }

    @Test
    void shouldReadHissCubesImagesStripeWorkList() throws IOException {
        WorkList<FieldKey> fields = reader.readFieldList(RepoData.calib("images_stripe.csv"));

        assertThat(fields.skipped()).isEmpty();
        assertThat(fields.rowsRead()).isEqualTo(47_603);
        assertThat(fields.items()).hasSize(47_603); // no field is listed twice
        assertThat(fields.items().get(0)).isEqualTo(new FieldKey(4198, 5, 673));
        assertThat(fields.items()).contains(new FieldKey(2820, 3, 122)); // the sample's field
    }

    @Test
    void shouldReadHissCubesSpectraStripePlates() throws IOException {
        WorkList<Integer> plates = reader.readPlateList(RepoData.calib("spectra_stripe.csv"));

        assertThat(plates.skipped()).isEmpty();
        assertThat(plates.rowsRead()).isEqualTo(123);
        assertThat(plates.items()).hasSize(123).startsWith(410, 1068, 1562, 7820);
    }

    @Test
    void shouldReportAFileThatIsNotACatalogAndReadTheOthers(@TempDir Path dir) throws IOException {
        Files.copy(RepoData.calib("spectra_stripe.csv"), dir.resolve("a.csv"));
        Files.writeString(dir.resolve("b.csv"), "hello,world\n1,2\n");
        Files.writeString(dir.resolve("c.txt"), "not read");

        List<CatalogReadResult> results = reader.readDirectory(dir);

        assertThat(results).extracting(CatalogReadResult::sourceFile).containsExactly("a.csv", "b.csv");
        assertThat(results.get(0).objects()).hasSize(123);
        assertThat(results.get(1).skipped()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo(SkipReason.NOT_A_CATALOG));
    }

    /**
     * All the committed catalogs read and merge completely, the same way every time. How fast they do is measured
     * outside unit tests (a timed assertion fails on a crowded machine and says nothing about correctness).
     */
    @Test
    void shouldReadAllTwelveMegabytesOfCatalogsCompletelyAndTheSameWayTwice() throws IOException {
        List<Path> files = CatalogReader.csvFiles(RepoData.catalogs());
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }

        List<CatalogReadResult> results = new CatalogReader().readAll(files);
        MergeResult merged = CatalogMerger.merge(results);
        MergeResult again = CatalogMerger.merge(new CatalogReader().readAll(files));

        System.out.printf("read and merged %d catalog files, %.1f MB, %d rows%n", files.size(), bytes / 1e6,
                merged.summary().rowsRead());
        assertThat(again).isEqualTo(merged);
        assertThat(merged.entries()).isNotEmpty();
        assertThat(bytes).isGreaterThan(11_000_000);
        assertThat(merged.summary().rowsRead()).isEqualTo(83_217);
        Map<String, Integer> rowsPerFile = results.stream().collect(Collectors.toMap(CatalogReadResult::sourceFile,
                CatalogReadResult::rowsRead, (a, b) -> a, java.util.TreeMap::new));
        assertThat(rowsPerFile).containsExactly(
                        Map.entry("AstronomerAmber_SDSS_all.csv", 1000),
                        Map.entry("GrumpyMonk_Test_SDSS_GALAXY.csv", 9234),
                        Map.entry("GrumpyMonk_Test_SDSS_QSO.csv", 8916),
                        Map.entry("GrumpyMonk_Test_SDSS_STAR.csv", 9249),
                        Map.entry("GrumpyMonk_input_New_Galaxy.csv", 8902),
                        Map.entry("GrumpyMonk_input_New_QSO.csv", 9099),
                        Map.entry("GrumpyMonk_input_New_Star.csv", 9143),
                        Map.entry("GrumpyMonk_new_input_Star.csv", 9222),
                        Map.entry("Skyserver_SQL2_27_2018 6_51_39 PM.csv", 9017),
                        Map.entry("isaiale_star_classification_SDSS17_first9999.csv", 9435));
        Function<CatalogReadResult, Integer> skipped = x -> x.skipped().size();
        assertThat(results).extracting(skipped).containsOnly(0);
    }
}
