package org.hisscube.science.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.hisscube.science.SampleData;
import org.hisscube.science.ScienceException;
import org.hisscube.science.fits.InvalidSdssFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrumReaderTest {
    private static final String F_STAR_SEGUE_1 = "spec-3126-54804-0211.fits";
    private static final String F_STAR_SEGUE_2 = "spec-3127-54835-0622.fits";
    private static final String F_STAR_BOSS = "spec-7330-56684-0434.fits";

    private final SpectrumReader reader = new SpectrumReader();

    @TempDir
    Path tmp;

    private SdssSpectrum read(String name) {
        return reader.read(SampleData.spectrum(name));
    }

    private static byte[] bytesOf(String name) throws IOException {
        return Files.readAllBytes(SampleData.spectrum(name));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static List<Path> bundledSpectra() throws IOException {
        try (Stream<Path> s = Files.list(SampleData.spectrum("."))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".fits")).sorted().toList();
        }
    }

    // --- the real files ------------------------------------------------------------------------------------------

    @Test
    void everyBundledSpectrumIsReadWithAPlausibleClassPositionAndWavelengthRange() throws IOException {
        List<Path> files = bundledSpectra();
        assertThat(files).hasSizeGreaterThanOrEqualTo(27); // data/PROVENANCE.md lists 27 spectra

        for (Path f : files) {
            SdssSpectrum s = reader.read(f);
            String n = f.getFileName().toString();
            assertThat(s.fileName()).isEqualTo(n);
            assertThat(s.className()).as(n).isIn("STAR", "GALAXY", "QSO");
            assertThat(s.length()).as(n).isBetween(3000, 5000);
            assertThat(s.validPixelCount()).as(n).isGreaterThan(s.length() * 9 / 10);
            assertThat(s.plugRa()).as(n).isBetween(0.0, 360.0);
            assertThat(s.plugDec()).as(n).isBetween(-90.0, 90.0);
            double[] w = s.wavelength();
            assertThat(w[0]).as(n).isBetween(3500.0, 3900.0);
            assertThat(w[w.length - 1]).as(n).isBetween(9000.0, 10400.0);
            assertThat(s.fiberDiameterArcsec()).as(n).isEqualTo(s.run2d().startsWith("v") ? 2.0 : 3.0);
            assertThat(s.observationMjd()).as(n).isBetween(51000.0, 60000.0);
            int[] id = SpectrumReader.parseFileName(n);
            if (id != null) {
                assertThat(new int[] {s.plate(), s.mjd(), s.fiberId()}).as(n).containsExactly(id);
            }
        }
    }

    @Test
    void theFStarsThreeEpochsAreOneStarSeenThroughTwoThreeArcsecAndOneTwoArcsecFiber() {
        SdssSpectrum a = read(F_STAR_SEGUE_1);
        SdssSpectrum b = read(F_STAR_SEGUE_2);
        SdssSpectrum c = read(F_STAR_BOSS);
        for (SdssSpectrum s : List.of(a, b, c)) {
            assertThat(s.className()).isEqualTo("STAR");
            assertThat(s.plugRa()).isCloseTo(38.3018, within(1e-4));
            assertThat(s.plugDec()).isCloseTo(-0.1339, within(1e-4));
            assertThat(s.zWarning()).isZero();
            assertThat(Math.abs(s.z())).isLessThan(1e-3);
        }
        assertThat(a.plugRa()).isEqualTo(38.301802); // float64 kept exactly
        assertThat(a.plugDec()).isEqualTo(-0.13391571);

        assertThat(List.of(a.fiberDiameterArcsec(), b.fiberDiameterArcsec(), c.fiberDiameterArcsec()))
                .containsExactly(3.0, 3.0, 2.0);
        assertThat(List.of(a.spectrograph(), b.spectrograph(), c.spectrograph()))
                .containsExactly(Spectrograph.SDSS, Spectrograph.SDSS, Spectrograph.BOSS);
        assertThat(List.of(a.run2d(), b.run2d(), c.run2d())).containsExactly("104", "104", "v5_10_0");
        // π·(d/2)², not π·d²
        assertThat(a.fiberAreaArcsec2()).isCloseTo(Math.PI * 2.25, within(1e-12));
        assertThat(c.fiberAreaArcsec2()).isCloseTo(Math.PI, within(1e-12));

        assertThat(new int[] {a.plate(), a.mjd(), a.fiberId()}).containsExactly(3126, 54804, 211);
        assertThat(new int[] {c.plate(), c.mjd(), c.fiberId()}).containsExactly(7330, 56684, 434);
        assertThat(a.subClass()).isEqualTo("F5");
        assertThat(c.subClass()).isEqualTo("F3/F5V (30743)"); // NUL padding of BOSS strings trimmed
    }

    @Test
    void theBossGalaxyOnTheFieldEdgeHasRedshiftPoint6065() {
        SdssSpectrum g = read("spec-4238-55455-0037.fits");
        assertThat(g.className()).isEqualTo("GALAXY");
        assertThat(g.z()).isCloseTo(0.6065, within(1e-4));
        assertThat(g.fiberDiameterArcsec()).isEqualTo(2.0);
    }

    @Test
    void theBossQuasarHasRedshift2point562AndKeepsItsZwarning() {
        SdssSpectrum q = read("spec-5290-55862-0984.fits");
        assertThat(q.className()).isEqualTo("QSO");
        assertThat(q.z()).isCloseTo(2.562, within(1e-3));
        assertThat(q.zWarning()).isEqualTo(4);
    }

    @Test
    void theSegueBlueStarWithANonSasFileNameIsReadToo() {
        SdssSpectrum s = read("blue_star.fits");
        assertThat(s.className()).isEqualTo("STAR");
        assertThat(s.subClass()).isEqualTo("A0");
        assertThat(s.run2d()).isEqualTo("103");
        assertThat(s.fiberDiameterArcsec()).isEqualTo(3.0);
    }

    @Test
    void sdssFilesCarryTaiFromThePrimaryHeaderAndBossSpecLiteFilesOnlyTheMjd() {
        SdssSpectrum sdss = read(F_STAR_SEGUE_1);
        assertThat(sdss.taiSeconds()).isEqualTo(4735023411.27);
        assertThat(sdss.observationMjd()).isCloseTo(4735023411.27 / 86400, within(1e-9));
        assertThat(sdss.observationMjd()).isBetween(54803.0, 54805.0);

        SdssSpectrum boss = read(F_STAR_BOSS);
        assertThat(boss.taiSeconds()).isNaN();
        assertThat(boss.observationMjd()).isEqualTo(56684.0);
    }

    @Test
    void loglamIsSnappedToTheExactLogLinearSolutionOfTheHeader() {
        SdssSpectrum s = read(F_STAR_SEGUE_1); // COEFF0 3.5796, first stored loglam 3.5802 (pixel 6)
        double[] ll = s.loglam();
        assertThat(ll[0]).isCloseTo(3.5802, within(1e-12));
        for (int i = 1; i < ll.length; i++) {
            assertThat(ll[i] - ll[i - 1]).isCloseTo(1e-4, within(1e-12));
        }
        assertThat(s.wavelength()[0]).isCloseTo(Math.pow(10, 3.5802), within(1e-9));
    }

    @Test
    void snappingFallsBackToTheStoredLoglamWhenTheHeaderSolutionDoesNotFit() {
        double[] ll = {3.60001, 3.60013, 3.60021};
        assertThat(SpectrumReader.snapLoglam(ll, 3.6, 1e-4)).containsExactly(ll); // 0.3 pixel off
        assertThat(SpectrumReader.snapLoglam(ll, Double.NaN, 1e-4)).containsExactly(ll);
        double[] near = {3.6000001, 3.6001, 3.6002002};
        assertThat(SpectrumReader.snapLoglam(near, 3.6, 1e-4))
                .containsExactly(new double[] {3.6, 3.6 + 1e-4, 3.6 + 2e-4}, within(1e-15));
    }

    @Test
    void sigmaIsOneOverSqrtIvarAndMissingWhereIvarIsZero() {
        SdssSpectrum s = read("spec-0411-51873-0101.fits"); // 44 pixels with ivar 0
        double[] ivar = s.ivar();
        double[] sigma = s.sigma();
        int zeros = 0;
        for (int i = 0; i < ivar.length; i++) {
            if (ivar[i] > 0) {
                assertThat(sigma[i]).isEqualTo(1.0 / Math.sqrt(ivar[i]));
            } else {
                zeros++;
                assertThat(sigma[i]).isNaN();
            }
        }
        assertThat(zeros).isEqualTo(44);
        assertThat(SdssSpectrum.sigmaOf(0)).isNaN();
        assertThat(SdssSpectrum.sigmaOf(-1)).isNaN();
        assertThat(SdssSpectrum.sigmaOf(Double.NaN)).isNaN();
        assertThat(SdssSpectrum.sigmaOf(Double.POSITIVE_INFINITY)).isNaN();
        assertThat(SdssSpectrum.sigmaOf(4)).isEqualTo(0.5);
    }

    @Test
    void aStreamWithAnObjectKeyReadsTheSameAsThePath() throws IOException {
        byte[] bytes = bytesOf(F_STAR_BOSS);
        SdssSpectrum fromStream = reader.read(new ByteArrayInputStream(bytes),
                "raw/sas/dr17/eboss/spectro/redux/v5_10_0/spectra/lite/7330/" + F_STAR_BOSS);
        assertThat(fromStream).isEqualTo(read(F_STAR_BOSS));
        assertThat(fromStream.fileName()).isEqualTo(F_STAR_BOSS);
    }

    @Test
    void theSpectrumIsImmutable() {
        SdssSpectrum s = read(F_STAR_SEGUE_1);
        double first = s.flux()[0];
        s.flux()[0] = 1e30;
        s.loglam()[0] = 0;
        assertThat(s.flux()[0]).isEqualTo(first);
        assertThat(s.loglam()[0]).isCloseTo(3.5802, within(1e-12));
    }

    @Test
    void fiberRuleTellsSdssFromBossByRun2d() {
        assertThat(Spectrograph.fromRun2d("26")).contains(Spectrograph.SDSS);
        assertThat(Spectrograph.fromRun2d("103")).contains(Spectrograph.SDSS);
        assertThat(Spectrograph.fromRun2d(" 104 ")).contains(Spectrograph.SDSS);
        assertThat(Spectrograph.fromRun2d("v5_7_0")).contains(Spectrograph.BOSS);
        assertThat(Spectrograph.fromRun2d("v5_13_2")).contains(Spectrograph.BOSS);
        assertThat(Spectrograph.fromRun2d("")).isEmpty();
        assertThat(Spectrograph.fromRun2d("lite")).isEmpty();
        assertThat(Spectrograph.SDSS.fiberAreaArcsec2()).isCloseTo(7.0685834705770345, within(1e-12));
        assertThat(Spectrograph.BOSS.fiberAreaArcsec2()).isCloseTo(3.141592653589793, within(1e-12));
    }

    // --- refusals ------------------------------------------------------------------------------------------------

    @Test
    void randomBytesAreRefusedAsNotFitsNamingTheFile() throws IOException {
        byte[] junk = new byte[20_000];
        new Random(42).nextBytes(junk);
        Path p = write("spec-3126-54804-0211.fits", junk);
        assertThatThrownBy(() -> reader.read(p))
                .isInstanceOf(InvalidSdssFileException.class)
                .hasMessageContaining("spec-3126-54804-0211.fits")
                .hasMessageContaining("not a FITS file");
    }

    @Test
    void anEmptyFileAndATextFileAreRefused() throws IOException {
        Path empty = write("empty.fits", new byte[0]);
        assertThatThrownBy(() -> reader.read(empty)).isInstanceOf(InvalidSdssFileException.class)
                .hasMessageContaining("empty.fits");
        byte[] text = "SIMPLE? no, this is a CSV file\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(text), "notes.fits"))
                .isInstanceOf(InvalidSdssFileException.class).hasMessageContaining("notes.fits");
    }

    @Test
    void aCopyTruncatedInsideTheCoaddTableIsRefusedNamingFileAndHdu1() throws IOException {
        byte[] all = bytesOf(F_STAR_BOSS);
        Path p = write(F_STAR_BOSS, Arrays.copyOf(all, 60_000));
        assertThatThrownBy(() -> reader.read(p))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(F_STAR_BOSS);
                    assertThat(e.hdu()).isEqualTo(1);
                })
                .hasMessageContaining(F_STAR_BOSS)
                .hasMessageContaining("truncated");
    }

    @Test
    void aCopyTruncatedInsideTheSpecObjHeaderIsRefusedAtHdu2() throws IOException {
        byte[] all = bytesOf(F_STAR_SEGUE_1);
        FitsBytes.Hdu hdu2 = FitsBytes.hdus(all).get(2);
        Path p = write(F_STAR_SEGUE_1, Arrays.copyOf(all, hdu2.headerOffset() + 4000));
        assertThatThrownBy(() -> reader.read(p))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> assertThat(e.hdu()).isEqualTo(2))
                .hasMessageContaining(F_STAR_SEGUE_1);
    }

    @Test
    void aFileWithOnlyThePrimaryHduIsRefusedForTheMissingCoadd() throws IOException {
        byte[] all = bytesOf(F_STAR_BOSS);
        int primaryEnd = FitsBytes.hdus(all).get(1).headerOffset();
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(Arrays.copyOf(all, primaryEnd)), F_STAR_BOSS))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> assertThat(e.hdu()).isEqualTo(1))
                .hasMessageContaining("HDU missing");
    }

    @Test
    void anAbsurdRowCountIsRefusedBeforeAnythingIsAllocated() throws IOException {
        byte[] b = bytesOf(F_STAR_BOSS);
        FitsBytes.Hdu coadd = FitsBytes.hdus(b).get(1);
        FitsBytes.setCard(b, coadd, "NAXIS2", "           2000000000");
        assertThatThrownBy(() -> reader.read(b, F_STAR_BOSS))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> assertThat(e.hdu()).isEqualTo(1))
                .hasMessageContaining("absurd");
    }

    @Test
    void aMissingIvarColumnIsRefused() throws IOException {
        byte[] b = bytesOf(F_STAR_SEGUE_1);
        FitsBytes.Hdu coadd = FitsBytes.hdus(b).get(1);
        FitsBytes.setCard(b, coadd, "TTYPE" + coadd.columnIndex("ivar"), "'ivar_gone'");
        assertThatThrownBy(() -> reader.read(b, F_STAR_SEGUE_1))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> assertThat(e.hdu()).isEqualTo(1))
                .hasMessageContaining("column ivar missing");
    }

    @Test
    void aVectorIvarColumnThatDoesNotLineUpWithTheRowsIsRefused() throws IOException {
        // ivar 'E' + and_mask 'J' (8 bytes) recast as ivar '2E' + and_mask '0J': same row width, ivar no longer scalar
        byte[] b = bytesOf(F_STAR_SEGUE_1);
        FitsBytes.Hdu coadd = FitsBytes.hdus(b).get(1);
        FitsBytes.setCard(b, coadd, "TFORM" + coadd.columnIndex("ivar"), "'2E      '");
        FitsBytes.setCard(b, coadd, "TFORM" + coadd.columnIndex("and_mask"), "'0J      '");
        assertThatThrownBy(() -> reader.read(b, F_STAR_SEGUE_1))
                .isInstanceOf(InvalidSdssFileException.class)
                .hasMessageContaining(F_STAR_SEGUE_1)
                .hasMessageContaining("HDU 1");
    }

    @Test
    void aSpectrumWhoseIvarAreAllZeroIsRefusedAsHavingNoData() throws IOException {
        byte[] b = bytesOf(F_STAR_BOSS);
        FitsBytes.Hdu coadd = FitsBytes.hdus(b).get(1);
        int rowWidth = coadd.intValue("NAXIS1");
        int ivarAt = coadd.columnOffset("ivar");
        for (int r = 0; r < coadd.intValue("NAXIS2"); r++) {
            ByteBuffer.wrap(b).putFloat(coadd.dataOffset() + r * rowWidth + ivarAt, 0f);
        }
        assertThatThrownBy(() -> reader.read(write(F_STAR_BOSS, b)))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> assertThat(e.hdu()).isEqualTo(1))
                .hasMessageContaining(F_STAR_BOSS)
                .hasMessageContaining("all ivar are 0: no data");
    }

    @Test
    void anUnrecognisedRun2dIsRefusedRatherThanGuessingTheFiber() throws IOException {
        byte[] b = bytesOf(F_STAR_SEGUE_1);
        FitsBytes.Hdu specObj = FitsBytes.hdus(b).get(2);
        int at = specObj.dataOffset() + specObj.columnOffset("RUN2D");
        System.arraycopy("xyz".getBytes(StandardCharsets.US_ASCII), 0, b, at, 3);
        assertThatThrownBy(() -> reader.read(b, F_STAR_SEGUE_1))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> assertThat(e.hdu()).isEqualTo(2))
                .hasMessageContaining("RUN2D 'xyz'");
    }

    @Test
    void aFileNameThatDisagreesWithTheSpecObjIsRefused() throws IOException {
        Path p = write("spec-3126-54804-0212.fits", bytesOf(F_STAR_SEGUE_1));
        assertThatThrownBy(() -> reader.read(p))
                .isInstanceOfSatisfying(InvalidSdssFileException.class, e -> assertThat(e.hdu()).isEqualTo(2))
                .hasMessageContaining("spec-3126-54804-0212.fits")
                .hasMessageContaining("3126/54804/211");
    }

    @Test
    void aMissingFileIsAnIoProblemNotAnInvalidFile() {
        assertThatThrownBy(() -> reader.read(tmp.resolve("spec-0001-50000-0001.fits")))
                .isInstanceOf(ScienceException.class)
                .isNotInstanceOf(InvalidSdssFileException.class)
                .hasMessageContaining("spec-0001-50000-0001.fits");
    }

    @Test
    void aNameThatStartsLikeAnSdssNameMustBeAValidSpectrumName() throws IOException {
        byte[] bytes = bytesOf(F_STAR_SEGUE_1);
        String[][] cases = {
            {"spec-3126-54804-0000.fits", "fiber must not be 0000"},
            {"spec-3126-54804-0211.fits.gz", "a spectrum ends in .fits"},
            {"raw/spec-03126-54804-0211.fits", "5-digit plate"},
            {"frame-r-002820-3-0122.fits", "imaging frame, not of a spectrum"}};
        for (String[] c : cases) {
            String file = c[0].substring(c[0].lastIndexOf('/') + 1);
            assertThatThrownBy(() -> reader.read(bytes, c[0])).as(c[0])
                    .isInstanceOf(InvalidSdssFileException.class)
                    .hasMessageStartingWith(file)
                    .hasMessageContaining(c[1]);
        }
        // a name that does not claim to be an SDSS name is read without the cross-check
        assertThat(reader.read(bytes, "f-star.fits").fiberId()).isEqualTo(211);
    }

    @Test
    void fileNamesOfFourAndFiveDigitPlatesAreParsed() {
        assertThat(SpectrumReader.parseFileName("spec-0411-51817-0119.fits")).containsExactly(411, 51817, 119);
        assertThat(SpectrumReader.parseFileName("a/b/spec-10000-57346-0002.fits")).containsExactly(10000, 57346, 2);
        assertThat(SpectrumReader.parseFileName("blue_star.fits")).isNull();
        assertThat(Set.of("spec-411-51817-0119.fits", "spec-0411-51817-119.fits"))
                .allSatisfy(n -> assertThat(SpectrumReader.parseFileName(n)).isNull());
    }
}
