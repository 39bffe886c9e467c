package org.hisscube.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hisscube.fetcher.catalog.CatalogObject;
import org.hisscube.fetcher.catalog.CatalogReadResult;
import org.hisscube.fetcher.catalog.CatalogReader;
import org.hisscube.science.calib.CalibratedImage;
import org.hisscube.science.calib.FrameCalibrator;
import org.hisscube.science.cube.CubeBuild;
import org.hisscube.science.cube.Target;
import org.hisscube.science.fits.Bzip2InputStream;
import org.hisscube.science.fits.SdssFrame;
import org.hisscube.science.fits.SdssFrameReader;
import org.hisscube.science.photometry.SyntheticFlux;
import org.hisscube.science.photometry.SyntheticPhotometry;
import org.hisscube.science.spectrum.SdssSpectrum;
import org.hisscube.science.spectrum.SpectrumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small simulated survey (12 objects in two fields) read back as SDSS: fitsverify accepts every file, the project's
 * readers read them, photometry on the frames and the spectra gives back the catalog magnitudes within the injected
 * noise, and the batch cube build makes one target per object.
 */
class SimulatedSurveyTest {
    static final Path DATA = Path.of("..", "data").toAbsolutePath().normalize();
    static final int OBJECTS = 12;

    @TempDir
    static Path dir;
    static Path survey;
    static SurveySimulator simulator;
    static SurveySimulator.Summary summary;
    static JsonNode manifest;

    @BeforeAll
    static void simulate() throws Exception {
        simulator = SurveySimulator.fromData(DATA);
        survey = dir.resolve("survey");
        summary = simulator.run(new SimulationOptions(OBJECTS, 42, survey, 6, 1, false, 2, DATA), line -> { });
        manifest = new ObjectMapper().readTree(survey.resolve("manifest.json").toFile());
    }

    static List<Path> files(Path root, String glob) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().matches(glob)).sorted().toList();
        }
    }

    @Test
    void writesFiveFramesPerFieldAndOneSpectrumPerObjectInTheSasLayout() throws Exception {
        assertThat(summary.fields()).isEqualTo(2);
        List<Path> frames = files(survey, "frame-[ugriz]-\\d{6}-\\d-\\d{4}\\.fits");
        List<Path> spectra = files(survey, "spec-\\d{4,5}-\\d{5}-\\d{4}\\.fits");
        assertThat(frames).hasSize(10);
        assertThat(spectra).hasSize(OBJECTS);
        assertThat(frames).allSatisfy(p -> assertThat(survey.relativize(p).toString())
                .startsWith("eboss/photoObj/frames/301/"));
        assertThat(spectra).allSatisfy(p -> assertThat(survey.relativize(p).toString())
                .startsWith("eboss/spectro/redux/v5_13_2/spectra/lite/"));
        assertThat(files(survey, ".*\\.partial")).isEmpty();
    }

    @Test
    void everyFilePassesFitsverify() throws Exception {
        List<Path> all = new ArrayList<>(files(survey, "frame-.*\\.fits"));
        all.addAll(files(survey, "spec-.*\\.fits"));
        for (Path p : all) {
            Process proc = new ProcessBuilder("fitsverify", "-q", p.toString()).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes());
            assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(p.getFileName().toString()).contains("verification OK");
            assertThat(proc.exitValue()).isZero();
        }
    }

    @Test
    void theReadersReadTheFramesWithTheirIdsTimesAndWcs() throws Exception {
        SdssFrameReader reader = new SdssFrameReader();
        for (Path p : files(survey, "frame-.*\\.fits")) {
            SdssFrame f = reader.read(p);
            assertThat(f.run()).isGreaterThanOrEqualTo(SurveyLayout.FIRST_RUN);
            assertThat(f.primaryHeaderCards()).anyMatch(c -> c.startsWith("HISSSIM"));
            assertThat(f.mjd()).isBetween(52000.0, 53000.0);
            for (JsonNode o : manifest.get("objects")) {
                if (o.get("field").asText().equals(String.format("%06d-%d-%04d", f.run(), f.camcol(), f.field()))) {
                    double[] px = f.wcs().worldToPixel(o.get("ra").asDouble(), o.get("dec").asDouble());
                    assertThat(px[0]).isBetween(50.0, 2000.0);
                    assertThat(px[1]).isBetween(50.0, 1440.0);
                }
            }
        }
    }

    @Test
    void aperturePhotometryOfPointSourcesGivesBackTheirCatalogMagnitudesWithinTheNoise() throws Exception {
        SdssFrameReader reader = new SdssFrameReader();
        FrameCalibrator calibrator = new FrameCalibrator();
        int measured = 0;
        for (Path p : files(survey, "frame-.*\\.fits")) {
            SdssFrame frame = reader.read(p);
            CalibratedImage image = calibrator.calibrate(frame);
            int band = RealSurvey.BANDS.indexOf(frame.filter());
            double fwhm = simulator.real().frame(frame.filter()).psf().fwhmPixels();
            for (JsonNode o : manifest.get("objects")) {
                boolean here = o.get("field").asText().equals(String.format("%06d-%d-%04d", frame.run(),
                        frame.camcol(), frame.field()));
                if (!here || !o.get("profile").asText().equals("psf")) {
                    continue;
                }
                double[] px = frame.wcs().worldToPixel(o.get("ra").asDouble(), o.get("dec").asDouble());
                double[] f = Apertures.measure(image, px[0], px[1], 3 * fwhm, 5 * fwhm, 8 * fwhm);
                double truth = Math.pow(10, -0.4 * (o.get("ugriz").get(band).asDouble() - 22.5));
                // the aperture (3 FWHM) holds all but 1e-7 of a Gaussian PSF; 10-bit floats bias by < 0.1 %
                assertThat(f[0]).as("%s %s object %d", p.getFileName(), frame.filter(), o.get("index").asInt())
                        .isCloseTo(truth, within(4 * f[1] + 0.002 * truth));
                measured++;
            }
        }
        assertThat(measured).as("point sources measured in all bands").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theSpectraCarryTheirObjectsClassRedshiftPositionAndMagnitudes() throws Exception {
        SpectrumReader reader = new SpectrumReader();
        SyntheticPhotometry photometry = new SyntheticPhotometry(0.2);
        Map<String, JsonNode> byFile = new HashMap<>();
        manifest.get("objects").forEach(o -> byFile.put(o.get("spectrum").asText(), o));
        for (Path p : files(survey, "spec-.*\\.fits")) {
            SdssSpectrum s = reader.read(p);
            JsonNode o = byFile.get(p.getFileName().toString());
            assertThat(s.className().trim()).isEqualTo(o.get("class").asText());
            assertThat(s.z()).isCloseTo(o.get("redshift").asDouble(), within(1e-6 * (1 + s.z())));
            assertThat(s.plugRa()).isCloseTo(o.get("ra").asDouble(), within(1e-9));
            assertThat(s.plugDec()).isCloseTo(o.get("dec").asDouble(), within(1e-9));
            assertThat(s.fiberDiameterArcsec()).isEqualTo(2.0);
            assertThat(s.validPixelCount()).isGreaterThan(500);
            for (double iv : s.ivar()) {
                assertThat(iv).isGreaterThanOrEqualTo(0);
            }
            SyntheticFlux r = photometry.flux(s, "r");
            double truth = Math.pow(10, -0.4 * (o.get("ugriz").get(2).asDouble() - 22.5));
            // shaped to the catalog's r through the same filter curve, then noise: 5 σ, plus 5 % for the bending
            assertThat(r.nanomaggies()).as(p.getFileName().toString())
                    .isCloseTo(truth, within(5 * r.sigmaNanomaggies() + 0.05 * truth));
        }
    }

    @Test
    void theCatalogIsReadByTheImporterAndNoObjectComesFromAHeldOutRow() throws Exception {
        CatalogReadResult read = new CatalogReader().read(survey.resolve("catalog.csv"));
        assertThat(read.skipped()).isEmpty();
        assertThat(read.objects()).hasSize(OBJECTS);
        Map<String, String> classOf = new TreeMap<>();
        for (CatalogObject c : read.objects()) {
            classOf.put(String.format("spec-%04d-%05d-%04d.fits", c.plate(), c.mjd(), c.fiberId()), c.objectClass());
            assertThat(c.hasFieldIds()).isTrue();
        }
        for (JsonNode o : manifest.get("objects")) {
            assertThat(classOf.get(o.get("spectrum").asText())).isEqualTo(o.get("class").asText());
            JsonNode src = o.get("source");
            assertThat(SourceCatalog.isHeldOut(src.get("plate").asInt(), src.get("mjd").asInt(),
                    src.get("fiberid").asInt())).isFalse();
        }
        assertThat(simulator.catalog().heldOut()).isGreaterThan(simulator.catalog().rows().size() / 20);
    }

    @Test
    void theSameSeedGivesByteIdenticalFilesOnOneThreadAndBz2HoldsTheSameBytes() throws Exception {
        Path again = dir.resolve("again");
        simulator.run(new SimulationOptions(OBJECTS, 42, again, 6, 1, true, 1, DATA), line -> { });
        for (Path p : files(survey, ".*\\.(fits|csv)")) {
            String rel = survey.relativize(p).toString();
            byte[] expected = Files.readAllBytes(p);
            if (rel.contains("frame-")) {
                try (InputStream in = new Bzip2InputStream(Files.newInputStream(again.resolve(rel + ".bz2")))) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    in.transferTo(b);
                    assertThat(b.toByteArray()).as(rel).isEqualTo(expected);
                }
            } else {
                assertThat(Files.readAllBytes(again.resolve(rel))).as(rel).isEqualTo(expected);
            }
        }
        Path other = dir.resolve("other-seed");
        simulator.run(new SimulationOptions(2, 43, other, 6, 1, false, 1, DATA), line -> { });
        Path a = files(survey, "frame-r-.*\\.fits").get(0);
        assertThat(Files.readAllBytes(other.resolve(survey.relativize(a)))).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void theBatchCubeBuildMakesOneTargetPerObjectWithItsClass() throws Exception {
        CubeBuild.Summary cube = CubeBuild.run(survey, dir.resolve("cube.h5"), 1, line -> { });
        assertThat(cube.refusals()).isEmpty();
        assertThat(cube.targets()).hasSize(OBJECTS);
        Map<String, Integer> expected = new TreeMap<>();
        manifest.get("objects").forEach(o -> expected.merge(o.get("class").asText(), 1, Integer::sum));
        assertThat(cube.targetsPerClass()).isEqualTo(expected);
        for (Target t : cube.targets()) {
            assertThat(t.frameFiles()).hasSize(5);
        }
    }
}
