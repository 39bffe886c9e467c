package org.hisscube.fetcher.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogMergerTest {
    private static MergeResult all;

    @BeforeAll
    static void mergeTheRealCatalogs() throws IOException {
        all = CatalogMerger.merge(new CatalogReader().readDirectory(RepoData.catalogs()));
        System.out.println(all.summary().describe());
    }

    @Test
    void shouldDeduplicateTheRealCatalogsOnPlateMjdFiber() {
        ImportSummary s = all.summary();

        assertThat(s.filesRead()).isEqualTo(10);
        assertThat(s.rowsRead()).isEqualTo(83_217);
        assertThat(s.rowsSkipped()).isZero();
        assertThat(s.skippedByReason()).isEmpty();
        // 82,217 rows with plate/mjd/fiberid hold 64,676 distinct spectra; AstronomerAmber's 1,000 rows have no ids
        assertThat(s.distinctSpectra()).isEqualTo(64_676);
        assertThat(s.duplicateRows()).isEqualTo(82_217 - 64_676);
        assertThat(s.withFieldIdsOnly()).isZero();
        assertThat(s.withoutIdentifiers()).isEqualTo(1000);
        // "about 65,000 distinct labelled objects" (PROVENANCE.md)
        assertThat(s.distinctObjects()).isEqualTo(65_676);
        assertThat(all.labelled()).hasSize(65_676);
        assertThat(s.perClass()).containsOnly(Map.entry("GALAXY", 24_811), Map.entry("STAR", 22_234),
                Map.entry("QSO", 18_631));
        assertThat(all.entries()).extracting(CatalogEntry::key).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldReportConflictingLabels() {
        assertThat(all.summary().conflicts()).isEqualTo(40);
        assertThat(all.conflicts()).hasSize(40).allSatisfy(c -> assertThat(c.classes()).hasSizeGreaterThan(1));
        // 3835-55570-828: STAR in GrumpyMonk_Test_SDSS_STAR and the SkyServer extract, QSO (z 1.80) in input_New_Galaxy
        LabelConflict c = all.conflicts().stream().filter(x -> x.key().equals(new SpectrumKey(3835, 55570, 828)))
                .findFirst().orElseThrow();
        assertThat(c.classes()).containsExactly("STAR", "QSO");
        assertThat(c.files()).containsExactly("GrumpyMonk_Test_SDSS_STAR.csv", "GrumpyMonk_input_New_Galaxy.csv",
                "Skyserver_SQL2_27_2018 6_51_39 PM.csv");
        // the merged object keeps the first-seen values
        CatalogEntry e = all.entries().stream().filter(x -> x.key().equals(c.key())).findFirst().orElseThrow();
        assertThat(e.object().objectClass()).isEqualTo("STAR");
        assertThat(e.object().sourceFile()).isEqualTo("GrumpyMonk_Test_SDSS_STAR.csv");
        assertThat(e.object().line()).isEqualTo(7641);
        assertThat(e.sourceFiles()).isEqualTo(c.files());
    }

    @Test
    void shouldKeepObjectsWithoutIdentifiersApartAsLabelledRows() {
        assertThat(all.withoutIdentifiers()).hasSize(1000).allSatisfy(o -> {
            assertThat(o.sourceFile()).isEqualTo("AstronomerAmber_SDSS_all.csv");
            assertThat(o.hasIdentifiers()).isFalse();
            assertThat(o.objectClass()).isIn("STAR", "GALAXY", "QSO");
        });
        assertThat(all.summary().describe()).contains("1000 unusable for fetching: no identifiers");
    }

    @Test
    void shouldKeepTheFirstSeenRowAndRecordConflictsInASmallMerge() {
        CatalogReader reader = new CatalogReader();
        String header = "objid,ra,dec,u,g,r,i,z,run,rerun,camcol,field,specobjid,class,redshift,plate,mjd,fiberid\n";
        CatalogReadResult a = reader.read(header
                + "1237648722833965091,163.0667854,1.095320556,13.55178,14.60922,15.46984,28.17963,14.45758,756,301,6,"
                + "316,4.31805E+18,STAR,0.000213035,3835,55570,828\n"
                + "1237648722833965091,163.0667854,1.095320556,13.55178,14.60922,15.46984,28.17963,14.45758,756,301,6,"
                + "316,4.31805E+18,STAR,0.000213035,3835,55570,828\n", "a.csv");
        CatalogReadResult b = reader.read(header
                + "1237648722833965091,163.066785390398,1.09532055624439,13.54765,14.60848,15.46891,28.18233,14.45343,"
                + "756,301,6,316,4318053835098222592,QSO,1.803172,3835,55570,828\n"
                + "1237648703518998559,219.118588910463,-0.644499944519037,18.70996,18.55123,18.4389,18.26285,18.04574,"
                + "752,301,2,505,344529797004683264,QSO,2.050211,306,51637,16\n"
                + "x,219.1,-0.6,18.7,18.5,18.4,18.2,18.0,752,301,2,505,,QSO,oops,306,51637,17\n", "b.csv");
        CatalogReadResult c = reader.read("u,g,r,i,z,specClass,redshift\n18.6,18.4,18.4,18.3,18.1,2,0.1\n", "c.csv");

        MergeResult m = CatalogMerger.merge(List.of(a, b, c));

        assertThat(m.entries()).extracting(CatalogEntry::key).containsExactly(new SpectrumKey(306, 51637, 16),
                new SpectrumKey(3835, 55570, 828));
        assertThat(m.entries().get(1).object().redshift()).isEqualTo(0.000213035);
        assertThat(m.entries().get(1).sourceFiles()).containsExactly("a.csv", "b.csv");
        assertThat(m.conflicts()).containsExactly(new LabelConflict(new SpectrumKey(3835, 55570, 828),
                List.of("STAR", "QSO"), List.of("a.csv", "b.csv")));
        assertThat(m.withoutIdentifiers()).extracting(CatalogObject::objectClass).containsExactly("GALAXY");
        ImportSummary s = m.summary();
        assertThat(s.rowsRead()).isEqualTo(6);
        assertThat(s.rowsSkipped()).isEqualTo(1);
        assertThat(s.skippedByReason()).containsExactly(Map.entry(SkipReason.MALFORMED_NUMBER, 1L));
        assertThat(m.skipped()).singleElement().satisfies(p -> {
            assertThat(p.sourceFile()).isEqualTo("b.csv");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.detail()).isEqualTo("column 'redshift': 'oops' is not a number");
        });
        assertThat(s.duplicateRows()).isEqualTo(2);
        assertThat(s.distinctObjects()).isEqualTo(3);
        assertThat(s.perClass()).containsOnly(Map.entry("STAR", 1), Map.entry("QSO", 1), Map.entry("GALAXY", 1));
    }
}
