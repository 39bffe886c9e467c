package org.hisscube.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.hisscube.contracts.store.InvalidObjectKeyException;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.S3ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MinIO client against a real s3proxy process: objects, metadata, absence, restarts, key safety. */
class S3ServerIT {

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripObjectsWithMetadataAndKeepThemAcrossARestart() {
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            System.out.println("S3 server under test: " + server.endpoint());
            byte[] payload = new byte[5_000_000];
            new Random(42).nextBytes(payload);
            try (S3ObjectStore store = new S3ObjectStore(server.configFor("roundtrip"))) {
                store.ensureBucket();
                store.ensureBucket(); // idempotent
                ObjectInfo info = store.put("raw/eboss/photoObj/frames/301/2820/3/x.bin", payload, null,
                        Map.of("sha256", "abc", "source-url", "http://example/x"));
                assertThat(info.size()).isEqualTo(payload.length);
                assertThat(store.getBytes("raw/eboss/photoObj/frames/301/2820/3/x.bin")).isEqualTo(payload);
                assertThat(store.stat("raw/eboss/photoObj/frames/301/2820/3/x.bin").orElseThrow().userMetadata())
                        .containsEntry("sha256", "abc").containsEntry("source-url", "http://example/x");
                assertThat(store.stat("raw/missing")).isEmpty();
                assertThat(store.list("raw/")).containsExactly("raw/eboss/photoObj/frames/301/2820/3/x.bin");
            }

            server.restart();

            try (S3ObjectStore store = new S3ObjectStore(server.configFor("roundtrip"))) {
                assertThat(store.getBytes("raw/eboss/photoObj/frames/301/2820/3/x.bin")).isEqualTo(payload);
                assertThatThrownBy(() -> store.put("../escape", "x".getBytes(StandardCharsets.UTF_8), null, Map.of()))
                        .isInstanceOf(InvalidObjectKeyException.class).hasMessageContaining("'..'");
                store.delete("raw/eboss/photoObj/frames/301/2820/3/x.bin");
                assertThat(store.stat("raw/eboss/photoObj/frames/301/2820/3/x.bin")).isEmpty();
            }
        }
    }
}
