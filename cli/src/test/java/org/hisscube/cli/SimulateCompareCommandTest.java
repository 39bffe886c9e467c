package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hisscube simulate compare} on a small simulated survey: the simulated frames have the real frames' sky and
 * seeing and the noise the σ model gives their CCD, as measured the same way on both sides, the measured colours follow the real catalog's, and every plot
 * is a real picture.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulateCompareCommandTest {
    @TempDir
    static Path dir;

    CliRun run;
    JsonNode json;

    @BeforeAll
    void compare() throws Exception {
        run = CliRun.of("simulate", "compare", "--out", dir.toString(), "--objects", "48", "--seed", "3",
                "--points", "500");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        json = new ObjectMapper().readTree(dir.resolve("comparison.json").toFile());
    }

    @Test
    void theSimulatedSkyAndSeeingAreTheRealOnesAndItsNoiseIsWhatTheSigmaModelSays() {
        for (String b : new String[] {"u", "g", "r", "i", "z"}) {
            JsonNode real = json.at("/bands/" + b + "/real");
            JsonNode sim = json.at("/bands/" + b + "/simulated");
            double realSky = real.get("sky_nmgy_per_pixel").asDouble();
            assertThat(sim.get("sky_nmgy_per_pixel").asDouble()).as("sky %s", b)
                    .isCloseTo(realSky, within(0.02 * realSky));
            // the injected noise is what the science core's σ model says for the simulated pixels ...
            double model = sim.get("noise_model_nmgy").asDouble();
            assertThat(sim.get("noise_measured_nmgy").asDouble()).as("noise vs model %s", b)
                    .isCloseTo(model, within(0.1 * model));
            // ... as the model does for the real frame's own pixels (the simulated fields lie in camcol 1, the real one
            // in camcol 3: their CCDs' gain and dark variance differ, so the noise levels themselves may differ)
            double realModel = real.get("noise_model_nmgy").asDouble();
            assertThat(real.get("noise_measured_nmgy").asDouble()).as("real noise vs model %s", b)
                    .isCloseTo(realModel, within(0.1 * realModel));
            double realFwhm = real.get("psf_fwhm_arcsec").asDouble();
            assertThat(sim.get("psf_fwhm_arcsec").asDouble()).as("PSF %s", b)
                    .isCloseTo(realFwhm, within(0.15 * realFwhm));
        }
    }

    @Test
    void coloursMeasuredOnTheSimulatedFramesFollowTheRealCatalog() {
        for (String cls : new String[] {"STAR", "GALAXY", "QSO"}) {
            JsonNode measured = json.at("/colours/" + cls + "/simulated_measured");
            if (measured.get("n").asInt() < 5) {
                continue; // too few of a class in a 48-object draw to compare a median
            }
            for (String colour : new String[] {"g-r", "r-i"}) {
                double real = json.at("/colours/" + cls + "/real_catalog/" + colour + "/median").asDouble();
                double realWidth = json.at("/colours/" + cls + "/real_catalog/" + colour + "/p84").asDouble()
                        - json.at("/colours/" + cls + "/real_catalog/" + colour + "/p16").asDouble();
                assertThat(measured.at("/" + colour + "/median").asDouble()).as("%s %s", cls, colour)
                        .isCloseTo(real, within(Math.max(0.15, realWidth)));
            }
        }
        assertThat(json.at("/colours/STAR/simulated_measured/n").asInt()
                + json.at("/colours/GALAXY/simulated_measured/n").asInt()
                + json.at("/colours/QSO/simulated_measured/n").asInt()).as("objects measured").isGreaterThan(30);
    }

    @Test
    void eachClassHasARealAndASimulatedSpectrumAndCutout() {
        for (String cls : new String[] {"STAR", "GALAXY", "QSO"}) {
            assertThat(json.at("/spectra/" + cls + "/real/file").asText()).matches("spec-\\d+-\\d+-\\d+\\.fits");
            assertThat(json.at("/spectra/" + cls + "/simulated/file").asText()).matches("spec-\\d+-\\d+-\\d+\\.fits");
            assertThat(json.at("/spectra/" + cls + "/simulated/median_snr").asDouble()).isPositive();
            assertThat(json.at("/cutouts/" + cls + "/real").asText()).startsWith("real");
            assertThat(json.at("/cutouts/" + cls + "/simulated").asText()).startsWith("simulated " + cls);
        }
        assertThat(json.at("/cutouts/STAR/real").asText()).contains("spec-");
    }

    @Test
    void thePlotsArePicturesWithSomethingDrawn() throws Exception {
        for (String png : new String[] {"sky-noise.png", "colour-colour.png", "spectra.png", "cutouts.png"}) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).as(png).isGreaterThan(500);
            int[] colours = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            long distinct = java.util.Arrays.stream(colours).distinct().count();
            assertThat(distinct).as("%s: distinct colours", png).isGreaterThan(20);
        }
        assertThat(run.out()).contains("[4/4] writing plots", "sky nmgy/px");
    }
}
