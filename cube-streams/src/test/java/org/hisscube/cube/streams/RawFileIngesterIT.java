package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.store.ObjectInfo;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.ObjectStoreException;
import org.hisscube.contracts.store.S3ObjectStore;
import org.hisscube.science.cube.FramePyramid;
import org.hisscube.science.cutout.Cutout;
import org.hisscube.science.cutout.CutoutExtractor;
import org.hisscube.science.hdf5.ImageSegmentLayout;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One raw frame into an image segment, over the real S3 server, when the connection drops and when the file is bad. */
@ExtendWith(LocalStackExtension.class)
class RawFileIngesterIT {
    private static final String FRAME = "frame-r-002820-3-0122.fits.bz2";

    @Test
    void aConnectionDroppedMidObjectIsReadAgainNotRefused(StackConfig stack, @TempDir Path dir) {
        try (ObjectStore s3 = store(stack)) {
            RawFileStored claim = SampleRawFiles.stage(s3, "raw/", FRAME);
            AtomicInteger gets = new AtomicInteger();
            ObjectStore dropsFirstRead = new Delegating(s3) {
                @Override
                public InputStream get(String key) {
                    InputStream in = super.get(key);
                    if (gets.getAndIncrement() > 0) {
                        return in;
                    }
                    try (in) {
                        return new ByteArrayInputStream(in.readNBytes(500_000)); // then the "connection" ends
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            var ingested = new RawFileIngester(dropsFirstRead, 4, dir, new CubeMetrics(new SimpleMeterRegistry()))
                    .ingest(claim);
            assertThat(gets.get()).isEqualTo(2);
            assertThat(ingested.event()).isInstanceOfSatisfying(FrameIngested.class, f -> {
                assertThat(f.filter()).isEqualTo("r");
                assertThat(f.segmentKey()).isEqualTo("cube/images/002820/3/frame-r-002820-3-0122.h5");
                // the original HiSS-Cube puts this frame's reference point in order-10 cell 4547980
                assertThat(f.healpixOrder()).isEqualTo(10);
                assertThat(f.healpixCells()).contains(4547980L);
            });
            assertThat(s3.stat("cube/images/002820/3/frame-r-002820-3-0122.h5")).isPresent();
        }
    }

    @Test
    void theFramesPyramidKeptForTheLinkerEqualsTheOneItsUploadedSegmentHolds(StackConfig stack, @TempDir Path dir)
            throws IOException {
        try (ObjectStore s3 = store(stack)) {
            RawFileStored claim = SampleRawFiles.stage(s3, "raw/", FRAME);
            RecentInputs recent = new RecentInputs(2);
            var ingested = new RawFileIngester(s3, 4, dir, new CubeMetrics(new SimpleMeterRegistry()), recent)
                    .ingest(claim);
            String key = ((FrameIngested) ingested.event()).segmentKey();
            FramePyramid kept = recent.frame(key).orElseThrow();

            Path segment = dir.resolve("downloaded.h5");
            try (InputStream in = s3.get(key)) {
                Files.copy(in, segment);
            }
            FramePyramid stored = FramePyramid.fromSegment(segment, 4);
            assertThat(kept.source()).isEqualTo(stored.source());
            assertThat(kept.zoomCount()).isEqualTo(4);
            for (int z = 0; z < 4; z++) {
                var a = kept.pyramid().level(z);
                var b = stored.pyramid().level(z);
                assertThat(a.width()).isEqualTo(b.width());
                assertThat(a.height()).isEqualTo(b.height());
                assertThat(a.dataCopy()).as("zoom %d data", z).isEqualTo(b.dataCopy());
                assertThat(a.errorsCopy()).as("zoom %d errors", z).isEqualTo(b.errorsCopy());
                assertThat(a.wcs().worldToPixel(38.3018, -0.1339)).isEqualTo(b.wcs().worldToPixel(38.3018, -0.1339));
            }

            // the segment's layout travelled with it, and range requests on the real S3 server read its cutout
            // windows: the same cutouts as the whole segment gives
            byte[] file = Files.readAllBytes(segment);
            ImageSegmentLayout layout = ImageSegmentLayout.decode(s3.stat(key).orElseThrow().userMetadata()
                    .get(RawFileIngester.SEGMENT_LAYOUT_METADATA));
            var windows = layout.readWindows(stored.pyramid().level(0).wcs(), 4, file.length, 38.3018, -0.1339,
                    (offset, length) -> s3.getRange(key, offset, length));
            for (int z = 0; z < 4; z++) {
                var fromWindow = CutoutExtractor.wholeOnly().extract(windows.level(z), stored.source(), 38.3018,
                        -0.1339);
                var fromWhole = CutoutExtractor.wholeOnly().extract(stored.pyramid().level(z), stored.source(),
                        38.3018, -0.1339);
                assertThat(fromWindow).as("zoom %d", z).isInstanceOf(Cutout.class);
                assertThat(((Cutout) fromWindow).data()).isEqualTo(((Cutout) fromWhole).data());
                assertThat(((Cutout) fromWindow).errors()).isEqualTo(((Cutout) fromWhole).errors());
            }
            assertThat(s3.getRange(key, 1000, 16)).isEqualTo(java.util.Arrays.copyOfRange(file, 1000, 1016));
            assertThatThrownBy(() -> s3.getRange(key, file.length - 4, 16)).isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining(key);
        }
    }

    @Test
    void aFileTruncatedForGoodIsRefusedNamingTheFile(StackConfig stack, @TempDir Path dir) {
        try (ObjectStore s3 = store(stack)) {
            byte[] whole = SampleRawFiles.read(SampleRawFiles.file(FRAME));
            RawFileStored claim = SampleRawFiles.stage(s3, "truncated/", FRAME, CorruptFits.truncated(whole, 500_000));
            assertThatThrownBy(() -> new RawFileIngester(s3, 4, dir, new CubeMetrics(new SimpleMeterRegistry()))
                    .ingest(claim))
                    .isInstanceOfSatisfying(RefusedInputException.class,
                            e -> assertThat(e.causeCode()).isEqualTo("invalid_file"))
                    .hasMessageContaining(FRAME);
        }
    }

    private static ObjectStore store(StackConfig stack) {
        ObjectStoreConfig c = stack.objectStore();
        ObjectStore s = new S3ObjectStore(new ObjectStoreConfig(c.endpoint(), c.accessKey(), c.secretKey(),
                "cube-ingester", c.region()));
        s.ensureBucket();
        return s;
    }

    /** An object store that passes every call on. */
    private static class Delegating implements ObjectStore {
        private final ObjectStore d;

        Delegating(ObjectStore d) {
            this.d = d;
        }

        @Override
        public String bucket() {
            return d.bucket();
        }

        @Override
        public boolean bucketExists() {
            return d.bucketExists();
        }

        @Override
        public void ensureBucket() {
            d.ensureBucket();
        }

        @Override
        public ObjectInfo put(String key, InputStream data, long size, String contentType, Map<String, String> meta) {
            return d.put(key, data, size, contentType, meta);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            return d.stat(key);
        }

        @Override
        public InputStream get(String key) {
            return d.get(key);
        }

        @Override
        public void delete(String key) {
            d.delete(key);
        }

        @Override
        public ObjectInfo copy(String sourceKey, String targetKey, Map<String, String> meta) {
            return d.copy(sourceKey, targetKey, meta);
        }

        @Override
        public List<String> list(String prefix) {
            return d.list(prefix);
        }

        @Override
        public org.hisscube.contracts.store.PartUpload startUpload(String key, String contentType,
                Map<String, String> meta) {
            return d.startUpload(key, contentType, meta);
        }

        @Override
        public List<org.hisscube.contracts.store.PendingUpload> pendingUploads(String prefix) {
            return d.pendingUploads(prefix);
        }

        @Override
        public void abortUpload(org.hisscube.contracts.store.PendingUpload upload) {
            d.abortUpload(upload);
        }

        @Override
        public void close() {
            // the test closes the real store
        }
    }
}
