package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench ingest} and {@code bench cube} with their quickest options run to the end and print their figures:
 * every figure is there and positive. Nothing about speed is asserted (the machine is shared).
 */
class BenchSmokeIT {
    private static final String NUMBER = "(\\d+\\.\\d+)";

    @TempDir
    Path dir;

    @Test
    void benchIngestShouldPrintItsFiguresForOneFitsPass() throws Exception {
        Path json = dir.resolve("ingest.json");
        CliRun run = CliRun.of("bench", "ingest", "--rounds", "1", "--fits-only", "--json", json.toString());
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();

        List<Double> row = numbers(run.out(), "  \\.fits → segment +1 +" + NUMBER + " \\( *" + NUMBER + "\\) +" + NUMBER
                + " \\( *" + NUMBER + "\\)");
        assertThat(row).as(run.out()).allMatch(v -> v > 0);
        List<Double> phases = numbers(run.out(), "phases from \\.fits \\(ms/frame, mean\\): read " + NUMBER
                + ", calibrate " + NUMBER + ", pyramid " + NUMBER + ", write HDF5 " + NUMBER);
        assertThat(phases).as(run.out()).allMatch(v -> v > 0);

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("frames").asInt()).isEqualTo(5);
        assertThat(figures.get("rounds").asInt()).isEqualTo(1);
        assertThat(figures.at("/fits_one_core/frames_per_s_best").asDouble()).isPositive();
    }

    @Test
    void benchCubeShouldPrintBothPathsTheRatiosAndTheSegmentDelete() throws Exception {
        Path json = dir.resolve("cube.json");
        CliRun run = CliRun.of("bench", "cube", "--rounds", "1", "--json", json.toString());
        System.out.println(run.out());
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();

        String out = run.out();
        assertThat(out).contains("per round (mean)               frames s  frames/s  spectra s  spectra/s  files/s");
        assertThat(out).containsPattern("round 1 +in-process +frames ").containsPattern("round 1 +topology +frames ");
        // in-process round 1 is printed before topology round 1 (interleaved)
        assertThat(out.indexOf("round 1  in-process")).isLessThan(out.indexOf("round 1  topology"));
        String row = " +" + NUMBER + " +" + NUMBER + " +" + NUMBER + " +" + NUMBER + " +" + NUMBER + "\\n";
        assertThat(numbers(out, "science core, in-process" + row)).as(out).allMatch(v -> v > 0);
        assertThat(numbers(out, "through the cube topology" + row)).as(out).allMatch(v -> v > 0);
        assertThat(numbers(out, "streaming-layer overhead: frames " + NUMBER + "×, spectra→target " + NUMBER
                + "×, all " + NUMBER + "×")).as(out).allMatch(v -> v > 0);
        for (String ratio : new String[] {"frames", "spectra→target", "all"}) {
            // round 1, best, median, worst: with one round all four are the same ratio
            List<Double> r = numbers(out, "\\n  " + ratio + " +" + NUMBER + " +" + NUMBER + " +" + NUMBER + " +" + NUMBER
                    + "\\n");
            assertThat(r).as(out).allMatch(v -> v > 0);
            assertThat(r).as(out).containsOnly(r.get(0));
        }
        List<Double> delete = numbers(out, "segment delete \\(.*\\): " + NUMBER + " ms per round, " + NUMBER
                + " ms per image segment, " + NUMBER + " ms per spectrum segment");
        assertThat(delete).as(out).allMatch(v -> v > 0);

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("rounds").asInt()).isEqualTo(1);
        assertThat(figures.at("/in_process/files_per_s").asDouble()).isPositive();
        assertThat(figures.at("/topology/files_per_s").asDouble()).isPositive();
        assertThat(figures.at("/ratio_all_paired/median").asDouble()).isPositive();
        assertThat(figures.at("/ratio_all_paired/each_round")).hasSize(1);
        assertThat(figures.at("/segment_delete/s_per_round_mean").asDouble()).isPositive();
        assertThat(figures.at("/segment_delete/files_each_round/0").asInt()).isEqualTo(5 + 3);
        // each spectrum's latency to its target, on both paths: one round, three spectra; p50 ≤ p95 ≤ max
        for (String path : new String[] {"in_process", "topology"}) {
            JsonNode l = figures.at("/spectrum_latency_s/" + path);
            assertThat(l.get("n").asInt()).as(path).isEqualTo(3);
            assertThat(l.get("p50").asDouble()).as(path).isPositive().isLessThanOrEqualTo(l.get("p95").asDouble());
            assertThat(l.get("p95").asDouble()).as(path).isLessThanOrEqualTo(l.get("max").asDouble());
        }
        assertThat(numbers(out, "through the cube topology +3 +" + NUMBER + " +" + NUMBER + " +" + NUMBER))
                .as(out).allMatch(v -> v > 0);
        // where a frame's time goes in the topology: every stage the ingester times was timed
        for (String stage : CubeBenchmark.FRAME_STAGES) {
            assertThat(figures.at("/topology_frame_stages_ms/" + stage).asDouble()).as(stage).isPositive();
        }
        assertThat(out).contains("a frame through the topology");
        // and where linking's time goes: every stage timed, each link read the field's five frames from somewhere
        JsonNode link = figures.at("/topology_link_stages_ms");
        for (String stage : CubeBenchmark.LINK_STAGES) {
            assertThat(link.get(stage).asDouble()).as(stage).isPositive();
        }
        int links = link.get("links").asInt();
        assertThat(links).isBetween(1, 3);
        assertThat(out).contains("a target linked in the topology (" + links + " links)");
        assertThat(link.get("frames_from_cache").asDouble() + link.get("frames_from_window").asDouble()
                + link.get("frames_from_store").asDouble()).isEqualTo(5.0 * links);
        assertThat(link.get("spectra_from_store").asDouble()).as("the ingester kept every spectrum it parsed")
                .isZero();
        assertThat(link.get("spectra_from_cache").asDouble()).as("each link reads one spectrum or more")
                .isGreaterThanOrEqualTo(links);
        // the same target linked on a replica without the frames: whole segments vs cutout windows, both timed, the
        // windows reading a small fraction of the bytes (4 zooms × values and σ of ≈ 64 >> z rows each)
        JsonNode cold = figures.at("/cold_link");
        assertThat(cold.get("links_per_mode").asInt()).isEqualTo(CubeBenchmark.COLD_LINKS);
        assertThat(cold.get("whole_segments_s_mean").asDouble()).isPositive();
        assertThat(cold.get("cutout_windows_s_mean").asDouble()).isPositive();
        assertThat(cold.get("whole_segments_mb_per_link").asDouble()).as("5 segments of ≈ 32 MB").isGreaterThan(100);
        assertThat(cold.get("cutout_windows_mb_per_link").asDouble()).isPositive()
                .isLessThan(cold.get("whole_segments_mb_per_link").asDouble() / 10);
        // requests: 3 raw spectra, then per frame its stat and one GET (whole), 4 zooms × 2 arrays (a request per
        // array) or 2 + 2 + 1 (near spans merged: the values and σ of zooms 2 and 3 lie within a megabyte)
        assertThat(cold.get("whole_segments_requests_per_link").asDouble()).isEqualTo(3 + 5 * 2);
        assertThat(cold.get("cutout_windows_separate_requests_per_link").asDouble()).isEqualTo(3 + 5 * (1 + 8));
        assertThat(cold.get("cutout_windows_requests_per_link").asDouble()).isEqualTo(3 + 5 * (1 + 5));
        assertThat(out).contains("linked on a replica that did not ingest its files")
                .contains("cutout windows, near spans merged");
    }

    @Test
    void benchFeaturesShouldPrintTheRawReadTheFeaturisingAndTheShards() throws Exception {
        Path json = dir.resolve("features.json");
        CliRun run = CliRun.of("bench", "features", "--objects", "0", "--rounds", "1", "--json", json.toString());
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        String out = run.out();
        String row = " +" + NUMBER + " +" + NUMBER + " +" + NUMBER + "\\n";
        assertThat(numbers(out, "raw S3 read of the target files" + row)).as(out).allMatch(v -> v > 0);
        assertThat(numbers(out, "S3 read \\+ featurise, all zooms" + row)).as(out).allMatch(v -> v > 0);
        assertThat(numbers(out, "shards \\(4 zooms\\) \\+ manifest to S3" + row)).as(out).allMatch(v -> v > 0);
        for (int z = 0; z < 4; z++) {
            assertThat(numbers(out, "derive zoom " + z + " only +" + NUMBER + " +" + NUMBER)).as(out)
                    .allMatch(v -> v >= 0);
        }
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("targets").asInt()).as("the real F star").isEqualTo(1);
        assertThat(figures.at("/median/shard_bytes").asDouble()).isPositive();
    }

    /** The groups of the first match of {@code regex} in {@code text}, as numbers; fails when there is none. */
    private static List<Double> numbers(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("no line matching %s in:%n%s", regex, text).isTrue();
        return IntStream.rangeClosed(1, m.groupCount()).mapToObj(i -> Double.parseDouble(m.group(i))).toList();
    }
}
