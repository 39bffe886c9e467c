package org.hisscube.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SAS mirror answers like a static file server over real HTTP: whole files, ranges, 404, no escapes. */
class SasMirrorTest {

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeWholeFilesRangesAndRefuseEscapes() throws Exception {
        Path file = root.resolve("sdss/spectro/redux/26/spectra/lite/3126/spec-3126-54804-0211.fits");
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[10_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Files.write(file, bytes);
        try (SasMirror mirror = SasMirror.start(root)) {
            String url = mirror.baseUrl() + "sdss/spectro/redux/26/spectra/lite/3126/spec-3126-54804-0211.fits";

            HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(bytes);

            HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Range", "bytes=9000-").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 9000-9999/10000");
            assertThat(tail.body()).hasSize(1000).startsWith(bytes[9000]);

            HttpResponse<byte[]> beyond = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Range", "bytes=20000-").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(beyond.statusCode()).isEqualTo(416);

            HttpResponse<Void> missing = http.send(HttpRequest.newBuilder(URI.create(mirror.baseUrl() + "nope.fits"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertThat(missing.statusCode()).isEqualTo(404);

            HttpResponse<Void> escape = http.send(HttpRequest.newBuilder(
                    URI.create(mirror.baseUrl() + "sdss/%2e%2e/%2e%2e/%2e%2e/etc/passwd")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(escape.statusCode()).isIn(403, 404);
            assertThat(mirror.requestCount()).isEqualTo(5);
        }
    }
}
