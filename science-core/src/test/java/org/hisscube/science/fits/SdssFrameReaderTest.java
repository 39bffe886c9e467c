package org.hisscube.science.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import nom.tam.fits.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdssFrameReaderTest {
    /** Start of HDU 3's header in the decompressed real frame (3 + 4236 + 1 + 3 + 1 + 74 blocks). */
    static final int HDU3_OFFSET = 12_435_840;

    static SdssFrame r;
    static byte[] rBytes;

    @BeforeAll
    static void readRealFrame() {
        r = TestFrames.frame(TestFrames.R_FRAME);
        rBytes = TestFrames.decompressed(TestFrames.R_FRAME);
    }

    @Test
    void shouldReadIdentityTimeAndShapesOfTheRealRFrame() {
        assertThat(r.fileName()).isEqualTo("frame-r-002820-3-0122.fits.bz2");
        assertThat(r.id()).isEqualTo(new FrameId("r", 2820, 3, 122));
        assertThat(r.rerun()).isEqualTo("301");
        assertThat(r.width()).isEqualTo(2048);
        assertThat(r.height()).isEqualTo(1489);
        assertThat(r.image().capacity()).isEqualTo(2048 * 1489);
        // TAI = 4515371004.23 s; DATE-OBS 2001-12-18, TAIHMS 05:43:24.22
        assertThat(r.taiSeconds()).isEqualTo(4515371004.23);
        assertThat(r.mjd()).isCloseTo(52261 + (5 * 3600 + 43 * 60 + 24.22) / 86400.0, within(1e-6));
    }

    @Test
    void shouldReadImageCalibrationVectorAndSkyTable() {
        assertThat(r.pixel(779, 482)).isEqualTo(8.125f);
        assertThat(r.pixel(100, 100)).isEqualTo(-0.02008056640625f);
        assertThat((double) r.calibration(779)).isCloseTo(0.004950663074851036, within(1e-12));
        assertThat(r.calibrationCopy()).hasSize(2048);
        SkyTable sky = r.sky();
        assertThat(sky.rows()).isEqualTo(192);
        assertThat(sky.cols()).isEqualTo(256);
        assertThat(sky.width()).isEqualTo(2048);
        assertThat(sky.height()).isEqualTo(1489);
        assertThat(sky.xInterp(0)).isEqualTo(-0.4375f);
        assertThat(sky.xInterp(2047)).isEqualTo(255.4375f);
        assertThat(sky.yInterp(0)).isEqualTo(0.5625f);
        assertThat(sky.yInterp(1488)).isEqualTo(186.5625f);
        assertThat(sky.allSky(0, 0)).isBetween(136.5f, 137.2f);
    }

    @Test
    void shouldKeepWcsAndPrimaryHeaderForExport() {
        assertThat(r.wcs().crval1()).isEqualTo(38.3305735882);
        assertThat(r.wcs().crpix2()).isEqualTo(745.0);
        assertThat(r.wcs().naxis1()).isEqualTo(2048);
        assertThat(r.primaryHeaderCards()).allSatisfy(c -> assertThat(c).hasSize(80));
        assertThat(r.primaryHeaderCards().get(0)).startsWith("SIMPLE  =");
        assertThat(r.primaryHeaderCards()).anyMatch(c -> c.startsWith("HISTORY SDSS_FRAME_ASTROM"));
        Header h = r.primaryHeader();
        assertThat(h.getDoubleValue("NMGY")).isEqualTo(0.0049521);
        assertThat(h.getStringValue("BUNIT")).isEqualTo("nanomaggy");
        h.addValue("NMGY", 1.0, "changed");
        assertThat(r.primaryHeader().getDoubleValue("NMGY")).isEqualTo(0.0049521);
    }

    @Test
    void shouldReadTheSameFrameFromAnUncompressedStreamAndFromAGzipStream() throws IOException {
        SdssFrame plain = new SdssFrameReader().read(new ByteArrayInputStream(rBytes), "frame-r-002820-3-0122.fits");
        assertSameContent(plain, r);
        assertThat(plain.fileName()).isEqualTo("frame-r-002820-3-0122.fits");

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(rBytes);
        }
        SdssFrame gzipped = new SdssFrameReader().read(new ByteArrayInputStream(gz.toByteArray()),
                "raw/301/2820/3/frame-r-002820-3-0122.fits.gz");
        assertSameContent(gzipped, r);
        assertThat(gzipped.fileName()).isEqualTo("frame-r-002820-3-0122.fits.gz");
    }

    @Test
    void shouldReadAnUncompressedFileFromAPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("frame-r-002820-3-0122.fits");
        Files.write(file, rBytes);
        assertSameContent(new SdssFrameReader().read(file), r);
    }

    @Test
    void shouldTakeTheFieldFromTheFrameInfoNotFromTheFrameKeyword() {
        // frame-g-003565-1-0058: FRAME = 66 in the header, FIELD = 58 in HDU 3; its sky grid has 191 rows
        SdssFrame g = TestFrames.frame(TestFrames.SHORT_SKY_FRAME);
        assertThat(g.primaryHeader().getIntValue("FRAME")).isEqualTo(66);
        assertThat(g.id()).isEqualTo(new FrameId("g", 3565, 1, 58));
        assertThat(g.sky().rows()).isEqualTo(191);
        assertThat(g.sky().cols()).isEqualTo(256);
    }

    @Test
    void shouldTolerateAnAbsentFrameInfoHduWhenTheNameGivesTheField() {
        byte[] threeHdus = Arrays.copyOf(rBytes, HDU3_OFFSET);
        SdssFrame f = new SdssFrameReader().read(new ByteArrayInputStream(threeHdus), "frame-r-002820-3-0122.fits");
        assertThat(f.id()).isEqualTo(new FrameId("r", 2820, 3, 122));

        assertThatThrownBy(() -> new SdssFrameReader().read(new ByteArrayInputStream(threeHdus), "upload.fits"))
                .isInstanceOf(InvalidSdssFileException.class)
                .hasMessageContaining("upload.fits HDU 3")
                .hasMessageContaining("field unknown");
    }

    static void assertSameContent(SdssFrame a, SdssFrame b) {
        assertThat(a.id()).isEqualTo(b.id());
        assertThat(a.taiSeconds()).isEqualTo(b.taiSeconds());
        assertThat(a.imageCopy()).isEqualTo(b.imageCopy());
        assertThat(a.calibrationCopy()).isEqualTo(b.calibrationCopy());
        assertThat(a.sky()).isEqualTo(b.sky());
        assertThat(a.wcs()).isEqualTo(b.wcs());
        assertThat(a.primaryHeaderCards()).isEqualTo(b.primaryHeaderCards());
    }
}
