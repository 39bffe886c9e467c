package org.hisscube.cube;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.cube.streams.SampleRawFiles;
import org.hisscube.cube.streams.TargetArrays;
import org.hisscube.science.cube.CubeExportReader;
import org.hisscube.science.cube.Target;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.hisscube.testsupport.ServiceEndpointsSpec;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The packaged cube-service against the real broker and S3 server: claim checks of the F-star field in, a target,
 * its statistics, a cone search, an export and the metrics out.
 */
@QuarkusTest
@QuarkusTestResource(CubeReplicaResource.class)
class CubeServiceIT extends ServiceEndpointsSpec {

    @Test
    void streamsRunsWithTheSettingsOfCubeStreamsConfigAndTheFailurePolicyKeepsItLive() {
        // the settings reach Quarkus only through CubeStreamsConfigSource (application.properties has none)
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        assertThat(config.getValue("kafka-streams.processing.guarantee", String.class)).isEqualTo("exactly_once_v2");
        var settings = org.hisscube.cube.streams.CubeStreamsConfig.settings();
        assertThat(config.getValue("kafka-streams.commit.interval.ms", String.class))
                .isEqualTo(settings.get("commit.interval.ms")).isEqualTo("50");
        assertThat(config.getValue("kafka-streams.num.stream.threads", String.class))
                .isEqualTo(settings.get("num.stream.threads")).isEqualTo("2");
        // replicas find each other through application.server, from the advertised URL
        assertThat("http://" + config.getValue("kafka-streams.application.server", String.class))
                .isEqualTo(config.getValue("hisscube.cube.advertised-url", String.class));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'cube-streams-failures' }.status", is("UP"))
                .body("checks.find { it.name == 'cube-streams-failures' }.data.consecutiveThreadFailures", is(0));
    }

    @Test
    void claimChecksOfTheFStarFieldBecomeATargetThatCanBeQueriedAndExported(@TempDir Path dir) throws Exception {
        StackConfig stack = new StackConfig(SharedLocalStack.config());
        try (ObjectStore store = new S3ObjectStore(stack.objectStore());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            // both replicas in the group, each with a share of the partitions, before the first claim check
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonPath instances = given().get("/api/cube/instances").then().statusCode(200).extract().jsonPath();
                assertThat(instances.getList("address")).hasSize(2);
                assertThat(instances.getList("partitions", List.class)).allSatisfy(p -> assertThat(p).isNotEmpty());
            });
            List<String> files = new ArrayList<>(SampleRawFiles.FRAMES);
            files.addAll(SampleRawFiles.FSTAR_SPECTRA);
            files.add(SampleRawFiles.EDGE_GALAXY);
            for (String f : files) {
                RawFileStored claim = SampleRawFiles.stage(store, "raw/", f);
                producer.send(new ProducerRecord<>(Topics.RAW_FILES.name(), claim.fileId(),
                        Topics.RAW_FILES.encode(claim)));
            }
            producer.send(new ProducerRecord<>(Topics.RAW_FILES.name(), "junk", "{oops".getBytes()));
            producer.flush();

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    given().get("/api/cube/stats").then().statusCode(200)
                            .body("targetsByStatus.built", is(1))
                            .body("targetsByStatus.refused", is(1))
                            .body("targetsPerClass.STAR", is(1))
                            .body("filesIngested.frame", is(5))
                            .body("filesIngested.spectrum", is(4)));
            // the arrival order over six partitions is not fixed: wait until the last epoch is linked
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    given().get("/api/cube/targets/" + SampleRawFiles.FSTAR_ID).then().statusCode(200)
                            .body("spectrumFileIds", hasSize(3)).body("frameFileIds", hasSize(5)));

            JsonPath stats = given().get("/api/cube/stats").then().extract().jsonPath();
            assertThat(stats.getList("refused.reasons.flatten()", String.class))
                    .isNotEmpty().allSatisfy(r -> assertThat(r).contains("EDGE"));
            assertThat(stats.getList("refused.spectrumFileIds.flatten()", String.class))
                    .containsExactly("spec-4238-55455-0037");
            long edgeGalaxy = stats.getLong("refused[0].targetId");

            given().queryParam("ra", 38.3018).queryParam("dec", -0.1339).queryParam("radius", 0.01)
                    .get("/api/cube/targets").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].target.targetId", is(SampleRawFiles.FSTAR_ID));
            given().queryParam("ra", 38.3018).queryParam("dec", -0.1339).queryParam("radius", 90)
                    .get("/api/cube/targets").then().statusCode(400).body("error", containsString("radius"));
            given().get("/api/cube/targets/1").then().statusCode(404);

            String targetKey = given().get("/api/cube/targets/" + SampleRawFiles.FSTAR_ID).then().statusCode(200)
                    .body("status", is("BUILT")).extract().path("targetKey");
            String exportKey = given().queryParam("name", "fstar-field").post("/api/cube/exports").then()
                    .statusCode(200).body("targets", is(1)).body("refusals", is(1)).extract().path("key");
            assertThat(exportKey).isEqualTo("cube/exports/fstar-field.h5");

            Path export = dir.resolve("export.h5");
            Path target = dir.resolve("target.h5");
            Files.write(export, store.getBytes(exportKey));
            Files.write(target, store.getBytes(targetKey));
            CubeExportReader.Contents exported = CubeExportReader.read(export);
            Target single = CubeExportReader.read(target).targets().get(0);
            assertThat(exported.targets()).hasSize(1);
            assertThat(exported.refusals()).singleElement()
                    .satisfies(r -> assertThat(r.targetId()).isEqualTo(edgeGalaxy));
            TargetArrays.assertSame(single, exported.targets().get(0));

            // the work was shared: the two replicas' counters add up to the field
            String replica = System.getProperty(CubeReplicaResource.REPLICA_URL);
            String ownMetrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            String replicaMetrics = given().baseUri(replica).get("/q/metrics").then().statusCode(200).extract()
                    .asString();
            assertThat(sum("hisscube_cube_files_ingested_total{kind=\"frame\"}", ownMetrics, replicaMetrics))
                    .isEqualTo(5);
            assertThat(sum("hisscube_cube_targets_total{outcome=\"created\"}", ownMetrics, replicaMetrics))
                    .isEqualTo(1);
            assertThat(sum("hisscube_cube_targets_total{outcome=\"refused\"}", ownMetrics, replicaMetrics))
                    .isEqualTo(1);
            assertThat(sum("hisscube_cube_segment_write_seconds_count{kind=\"frame\"}", ownMetrics, replicaMetrics))
                    .isEqualTo(5);
            // the junk record was dead-lettered by whichever replica owns its partition
            assertThat(sumOfSeries("hisscube_cube_dead_letters_total{", ownMetrics, replicaMetrics)).isEqualTo(1);
            assertThat(ownMetrics + replicaMetrics).contains("hisscube_cube_raw_to_target_seconds_count");
            everyReplicaAnswersForTheWholeCubeAndEachHoldsAShare();
        }
    }

    /** Run after the field is in: the second replica answers as the first, for the whole cube. */
    private void everyReplicaAnswersForTheWholeCubeAndEachHoldsAShare() {
        String replica = System.getProperty(CubeReplicaResource.REPLICA_URL);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                given().baseUri(replica).get("/api/cube/targets/" + SampleRawFiles.FSTAR_ID).then().statusCode(200)
                        .body("frameFileIds", hasSize(5)));
        JsonPath own = given().get("/api/cube/stats").then().statusCode(200).extract().jsonPath();
        JsonPath other = given().baseUri(replica).get("/api/cube/stats").then().statusCode(200)
                .header(CubeResource.PARTIAL_HEADER, org.hamcrest.Matchers.nullValue()).extract().jsonPath();
        assertThat(other.getMap("$")).isEqualTo(own.getMap("$"));
        assertThat(other.getInt("filesIngested.frame")).isGreaterThanOrEqualTo(5);

        // scope=local: each replica's own share; the shares add up to the whole (were scope=local ignored, the sum
        // would be twice the whole; which replica owns which partition is the assignor's choice, so one share may be 0)
        JsonPath ownShare = given().queryParam("scope", "local").get("/api/cube/stats").then().statusCode(200)
                .extract().jsonPath();
        JsonPath otherShare = given().baseUri(replica).queryParam("scope", "local").get("/api/cube/stats").then()
                .statusCode(200).extract().jsonPath();
        assertThat(ownShare.getInt("segments") + otherShare.getInt("segments")).isEqualTo(own.getInt("segments"));

        given().baseUri(replica).queryParam("ra", 38.3018).queryParam("dec", -0.1339).queryParam("radius", 0.01)
                .get("/api/cube/targets").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].target.targetId", is(SampleRawFiles.FSTAR_ID));
        given().baseUri(replica).get("/api/cube/targets/1").then().statusCode(404);
        given().baseUri(replica).queryParam("scope", "everywhere").get("/api/cube/stats").then().statusCode(400)
                .body("error", containsString("scope"));
        assertThat(given().baseUri(replica).get("/api/cube/states").then().statusCode(200).extract().jsonPath()
                .getList("targetId")).hasSize(given().get("/api/cube/states").then().extract().jsonPath()
                .getList("targetId").size());
    }

    /** The sum of every series whose line starts with {@code prefix} (any labels), over the expositions. */
    private static long sumOfSeries(String prefix, String... expositions) {
        long total = 0;
        for (String text : expositions) {
            for (String line : text.split("\n")) {
                if (line.startsWith(prefix)) {
                    total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                }
            }
        }
        return total;
    }

    private static long sum(String series, String... expositions) {
        long total = 0;
        for (String text : expositions) {
            for (String line : text.split("\n")) {
                if (line.startsWith(series + " ")) {
                    total += (long) Double.parseDouble(line.substring(series.length() + 1).trim());
                }
            }
        }
        return total;
    }
}
