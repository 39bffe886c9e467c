package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspect commands print one JSON object, agree with the independent reference, and fail with a sentence. */
class InspectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path data(String relative) {
        return RepoLayout.root().resolve("data").resolve(relative);
    }

    @Test
    void shouldReportValueSigmaAndSkyOfAFramePixelAsTheReferenceDoes() throws Exception {
        JsonNode ref = JSON.readTree(data("reference/frame_reference.json").toFile()).get("pixels").get(0);
        CliRun run = CliRun.of("inspect", "frame", data("sdss-sample/frames/frame-r-002820-3-0122.fits.bz2").toString(),
                "--pixel", ref.get("x").asInt() + "," + ref.get("y").asInt());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode out = JSON.readTree(run.out());
        assertThat(out.get("filter").asText()).isEqualTo("r");
        assertThat(out.get("run").asInt()).isEqualTo(2820);
        assertThat(out.get("camcol").asInt()).isEqualTo(3);
        assertThat(out.get("field").asInt()).isEqualTo(122);
        double value = ref.get("value_nmgy").asDouble();
        double sigma = ref.get("sigma_nmgy").asDouble();
        assertThat(out.get("value_nmgy").asDouble()).isCloseTo(value, within(Math.abs(value) * 1e-6));
        assertThat(out.get("sigma_nmgy").asDouble()).isCloseTo(sigma, within(sigma * 1e-6));
        assertThat(out.get("sky_dn").asDouble()).isCloseTo(ref.get("sky_dn").asDouble(), within(1e-4));
    }

    @Test
    void shouldFindTheNearestPixelOfASkyPosition() throws Exception {
        JsonNode fstar = JSON.readTree(data("reference/frame_reference.json").toFile()).get("fstar");
        CliRun run = CliRun.of("inspect", "frame", data("sdss-sample/frames/frame-r-002820-3-0122.fits.bz2").toString(),
                "--ra", fstar.get("plug_ra").asText(), "--dec", fstar.get("plug_dec").asText());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode out = JSON.readTree(run.out());
        assertThat(out.get("px").asDouble()).isCloseTo(fstar.get("r_frame_pixel").get("x").asDouble(), within(1e-3));
        assertThat(out.get("py").asDouble()).isCloseTo(fstar.get("r_frame_pixel").get("y").asDouble(), within(1e-3));
        assertThat(out.get("x").asInt()).isEqualTo(779);
        assertThat(out.get("y").asInt()).isEqualTo(483);
    }

    @Test
    void shouldDescribeASpectrumAndOneRebinnedSample() throws Exception {
        CliRun run = CliRun.of("inspect", "spectrum", data("sdss-sample/spectra/spec-3126-54804-0211.fits").toString(),
                "--index", "2000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode out = JSON.readTree(run.out());
        assertThat(out.get("plate").asInt()).isEqualTo(3126);
        assertThat(out.get("mjd").asInt()).isEqualTo(54804);
        assertThat(out.get("fiber").asInt()).isEqualTo(211);
        assertThat(out.get("class").asText()).isEqualTo("STAR");
        assertThat(out.get("healpix15").asLong()).isEqualTo(4657128951L);
        assertThat(out.get("wavelength").asDouble())
                .isCloseTo(3839.7244 + 2000 * (8914.597 - 3839.7244) / 4619, within(1e-9));
        assertThat(out.get("flux").asDouble()).isPositive();
        assertThat(out.get("sigma").asDouble()).isPositive().isLessThan(out.get("flux").asDouble());
    }

    @Test
    void shouldGiveTheHealpixCellOfAPosition() throws Exception {
        CliRun run = CliRun.of("inspect", "position", "--ra", "38.301802", "--dec", "-0.13391571", "--order", "10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get("healpix").asLong()).isEqualTo(4547977L);
    }

    @Test
    void shouldFailWithASentenceNamingTheFileForGarbage(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("frame-r-002820-3-0122.fits");
        byte[] bytes = new byte[10_000];
        new Random(1).nextBytes(bytes);
        Files.write(junk, bytes);
        CliRun run = CliRun.of("inspect", "frame", junk.toString(), "--pixel", "1,1");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("frame-r-002820-3-0122.fits");
    }

    @Test
    void shouldFailForAMissingFileAndAPixelOffTheFrame() {
        CliRun missing = CliRun.of("inspect", "spectrum", "/nonexistent/spec-0001-50000-0001.fits");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("spec-0001-50000-0001.fits").contains("no such file");
        CliRun off = CliRun.of("inspect", "frame", data("sdss-sample/frames/frame-r-002820-3-0122.fits.bz2").toString(),
                "--pixel", "5000,10");
        assertThat(off.exitCode()).isNotZero();
        assertThat(off.err()).contains("outside the 2048×1489 frame");
    }
}
