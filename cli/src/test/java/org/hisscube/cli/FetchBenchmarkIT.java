package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetch benchmark runs end to end against a real S3 server and SAS mirror: both the fetcher and plain curl store
 * every file with the source's bytes, and both report a throughput.
 */
class FetchBenchmarkIT {

    @Test
    void shouldMeasureFetcherAndCurlAndVerifyTheStoredBytes(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("fetch.json");
        CliRun run = CliRun.of("bench", "fetch", "--copies", "1", "--json", json.toString());
        System.out.println(run.out());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("verified").asBoolean()).as(figures.toString()).isTrue();
        assertThat(figures.get("verification_problems")).isEmpty();
        assertThat(figures.get("files").asInt()).isEqualTo(33); // 7 frames + 26 spec-lite files of the sample
        assertThat(figures.get("objects_verified").asInt()).isEqualTo(33 * 4);
        assertThat(figures.get("fetcher_mb_per_s").asDouble()).isPositive();
        assertThat(figures.get("curl_mb_per_s").asDouble()).isPositive();
        assertThat(figures.get("runs")).hasSize(4);
        for (JsonNode r : figures.get("runs")) {
            assertThat(r.get("files").asInt()).isEqualTo(33);
            assertThat(r.get("mb").asDouble()).isGreaterThan(25);
            assertThat(r.get("mb_per_s").asDouble()).as(r.toString()).isPositive();
            assertThat(r.get("files_per_s").asDouble()).as(r.toString()).isPositive();
        }
        assertThat(run.out()).contains("verified: all 132 objects").contains("fetcher / curl at 4 parallel");
    }

    @Test
    void shouldNameTheCopiesWithValidDistinctSasPaths() {
        assertThat(FetchBenchmark.copyName("frame-r-002820-3-0122.fits.bz2", 0))
                .isEqualTo("frame-r-002820-3-0122.fits.bz2");
        assertThat(FetchBenchmark.copyName("frame-r-002820-3-0122.fits.bz2", 2))
                .isEqualTo("frame-r-202820-3-0122.fits.bz2");
        assertThat(FetchBenchmark.copyName("spec-10000-57346-0002.fits", 8)).isEqualTo("spec-10000-57346-8002.fits");
        assertThat(org.hisscube.contracts.sdss.SasPaths.forFileName(
                FetchBenchmark.copyName("spec-0411-51817-0119.fits", 3)))
                .isEqualTo("sdss/spectro/redux/26/spectra/lite/0411/spec-0411-51817-3119.fits");
    }
}
