package org.hisscube.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.sdss.SasPaths;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.testsupport.SharedLocalStack;
import org.junit.jupiter.api.Test;

/**
 * A catalog of real objects, through the real broker, the running fetcher, the real SAS mirror (serving the real
 * sample files) and the real S3 server, with no restart: exactly the right objects are stored, with the source's
 * bytes, and each file id has exactly one claim check — counted over everything the fetcher ever sent for this
 * bucket, once every request was acknowledged. The class has its own bucket and fetcher consumer group.
 */
@QuarkusTest
@QuarkusTestResource(value = FetcherTestStack.class, restrictToAnnotatedClass = true)
class CatalogToStoredFilesIT {
    /** The F star's three epochs and the edge galaxy: all in field 2820-3-0122; one malformed row. */
    static final String CATALOG = String.join("\n",
            "objid,ra,dec,u,g,r,i,z,run,rerun,camcol,field,specobjid,class,redshift,plate,mjd,fiberid",
            "1237657191442383026,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,1,STAR,0.0001,3126,54804,211",
            "1237657191442383026,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,2,STAR,0.0001,3127,54835,622",
            "1237657191442383026,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,3,STAR,0.0001,7330,56684,434",
            "1237657191442382999,38.0,-0.3,-9999,22.1,21.0,20.1,19.8,2820,301,3,122,4,GALAXY,0.6065,4238,55455,37",
            "1237657191442382998,38.30x,-0.3,22,22.1,21.0,20.1,19.8,2820,301,3,122,5,GALAXY,0.1,4238,55455,38",
            "");
    static final Set<String> EXPECTED = new TreeSet<>(List.of("frame-u-002820-3-0122", "frame-g-002820-3-0122",
            "frame-r-002820-3-0122", "frame-i-002820-3-0122", "frame-z-002820-3-0122", "spec-3126-54804-0211",
            "spec-3127-54835-0622", "spec-7330-56684-0434", "spec-4238-55455-0037"));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.fetch-requests.group.id")
    String fetcherGroup;

    @Inject
    ObjectStore store;

    @Test
    void shouldStoreExactlyTheRightFilesWithExactlyOneClaimCheckPerFile() throws Exception {
        given().contentType("text/csv").body(CATALOG).queryParam("name", "fstar.csv")
                .post("/api/catalog-imports").then().statusCode(200)
                .body("rowsRead", is(5)).body("rowsSkipped", is(1))
                .body("framesRequested", is(5)).body("spectraRequested", is(4));

        List<RawFileStored> claimChecks = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = ConsumerGroups.consumer(bootstrap, "claim-checks-" + fetcherGroup,
                List.of(Topics.RAW_FILES.name()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!fileIds(claimChecks).containsAll(EXPECTED) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keepOurs(r, claimChecks));
            }
            assertThat(fileIds(claimChecks)).as("files announced within 120 s").containsAll(EXPECTED);
            // every request acknowledged means every claim check the fetcher will send for it is on the topic
            ConsumerGroups.awaitAcknowledged(bootstrap, fetcherGroup, Topics.FETCH_REQUESTS.name(),
                    Duration.ofSeconds(60));
            ConsumerGroups.readToEnd(consumer, r -> keepOurs(r, claimChecks), Duration.ofSeconds(30));
        }

        Map<String, Long> perFile = claimChecks.stream().collect(Collectors.groupingBy(RawFileStored::fileId,
                TreeMap::new, Collectors.counting()));
        Map<String, Long> oncePerFile = EXPECTED.stream().collect(Collectors.toMap(Function.identity(), id -> 1L,
                (a, b) -> a, TreeMap::new));
        assertThat(perFile).as("claim checks per file id (exactly once, no restart)").isEqualTo(oncePerFile);

        Path sample = SharedLocalStack.sampleFolder();
        Set<String> keys = new TreeSet<>();
        for (RawFileStored e : claimChecks) {
            String name = e.kind() == FileKind.FRAME ? e.fileId() + ".fits.bz2" : e.fileId() + ".fits";
            Path source = sample.resolve(e.kind() == FileKind.FRAME ? "frames" : "spectra").resolve(name);
            String sha = sha256(Files.readAllBytes(source));
            assertThat(e.sha256()).as(name).isEqualTo(sha);
            assertThat(e.key()).isEqualTo("raw/" + SasPaths.forFileName(name));
            assertThat(sha256(store.getBytes(e.key()))).as("bytes in the store of " + name).isEqualTo(sha);
            keys.add(e.key());
        }
        assertThat(store.list("raw/")).as("the bucket holds exactly the announced objects").containsExactlyElementsOf(
                keys);
        assertThat(store.pendingUploads("")).as("uploads left open").isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("hisscube_fetcher_files_total{outcome=\"fetched\"} 9.0"))
                .body(containsString("hisscube_fetcher_fetch_seconds_count 9")));
    }

    /** Keeps a claim check of this class's bucket (the topic also carries other tests'); checks its key. */
    private void keepOurs(ConsumerRecord<String, byte[]> r, List<RawFileStored> into) {
        RawFileStored e = Topics.RAW_FILES.decode(r.value());
        if (e.bucket().equals(store.bucket())) {
            assertThat(r.key()).as("record key of " + e.fileId()).isEqualTo(e.fileId());
            into.add(e);
        }
    }

    private static Set<String> fileIds(List<RawFileStored> events) {
        return events.stream().map(RawFileStored::fileId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
