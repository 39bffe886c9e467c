package org.hisscube.science.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.hisscube.science.SampleData;
import org.hisscube.science.ScienceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input derived from the real r frame or crafted: every refusal names the file and, where it applies, the HDU. */
class SdssFrameReaderRefusalTest {
    static final String NAME = "frame-r-002820-3-0122.fits";
    // byte offsets in the decompressed real frame
    static final int HDU0_DATA = 8_640;
    static final int HDU1_HEADER = 12_208_320;
    static final int HDU1_DATA = 12_211_200;
    static final int HDU2_HEADER = 12_219_840;
    static final int HDU2_DATA = 12_222_720;

    static byte[] real;

    @BeforeAll
    static void decompress() {
        real = TestFrames.decompressed(TestFrames.R_FRAME);
    }

    static InvalidSdssFileException refusal(byte[] bytes, String name) {
        return refusal(new SdssFrameReader(), bytes, name);
    }

    static InvalidSdssFileException refusal(SdssFrameReader reader, byte[] bytes, String name) {
        InvalidSdssFileException e = catchThrowableOfType(
                () -> reader.read(new ByteArrayInputStream(bytes), name), InvalidSdssFileException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.file()).isEqualTo(name);
        assertThat(e.getMessage()).startsWith(name);
        return e;
    }

    /** A header unit of the given cards, END appended, padded to 2880 bytes. */
    static byte[] header(String... cards) {
        StringBuilder sb = new StringBuilder();
        for (String c : cards) {
            sb.append(String.format("%-80s", c));
        }
        sb.append(String.format("%-80s", "END"));
        while (sb.length() % 2880 != 0) {
            sb.append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] replace(byte[] bytes, int from, String old, String now) {
        assertThat(now).hasSameSizeAs(old);
        byte[] o = old.getBytes(StandardCharsets.US_ASCII);
        for (int i = from; i < bytes.length - o.length; i++) {
            if (Arrays.equals(bytes, i, i + o.length, o, 0, o.length)) {
                byte[] copy = bytes.clone();
                System.arraycopy(now.getBytes(StandardCharsets.US_ASCII), 0, copy, i, o.length);
                return copy;
            }
        }
        throw new AssertionError(old + " not found");
    }

    static byte[] bzip2(byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bo, 1)) {
            out.write(data);
        }
        return bo.toByteArray();
    }

    /** A name that starts like an SDSS name must be a valid frame name; the content is not read at all. */
    @Test
    void shouldRefuseAMalformedOrWrongKindOfSdssNameBeforeReading() {
        String[][] cases = {
            {"frame-r-002820-7-0122.fits", "camcol"},
            {"raw/x/frame-r-002820-3-0122.fits.xz", ".fits.bz2"},
            {"frame-r-000000-3-0122.fits", "run"},
            {"spec-3126-54804-0211.fits", "spectrum, not of an imaging frame"}};
        for (String[] c : cases) {
            InvalidSdssFileException e = refusal(new FailingSource(), c[0]);
            assertThat(e.getMessage()).as(c[0]).contains(c[1]);
            assertThat(e.hdu()).isEqualTo(-1);
        }
    }

    /** A source that fails the test if anything reads it. */
    static final class FailingSource extends InputStream {
        @Override
        public int read() {
            throw new AssertionError("the reader read the content of a file whose name it should have refused");
        }
    }

    static InvalidSdssFileException refusal(InputStream in, String name) {
        InvalidSdssFileException e = catchThrowableOfType(() -> new SdssFrameReader().read(in, name),
                InvalidSdssFileException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.file()).isEqualTo(name);
        assertThat(e.getMessage()).startsWith(name);
        return e;
    }

    @Test
    void shouldRefuseATruncatedCopyOfTheRealFrame(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        Files.write(file, Arrays.copyOf(real, 6_000_000));
        assertThatThrownBy(() -> new SdssFrameReader().read(file))
                .isInstanceOf(InvalidSdssFileException.class)
                .hasMessageContaining(NAME + " HDU 0")
                .hasMessageContaining("truncated")
                .hasMessageContaining("ends after 5991360 of 12197888 bytes")
                .satisfies(e -> assertThat(((InvalidSdssFileException) e).hdu()).isZero());

        InvalidSdssFileException inSky = refusal(Arrays.copyOf(real, HDU2_DATA + 100_000), NAME);
        assertThat(inSky.hdu()).isEqualTo(2);
        assertThat(inSky.getMessage()).contains("HDU 2").contains("truncated");

        InvalidSdssFileException inHeader = refusal(Arrays.copyOf(real, HDU1_HEADER + 1000), NAME);
        assertThat(inHeader.hdu()).isEqualTo(1);
        assertThat(inHeader.getMessage()).contains("truncated header");
    }

    @Test
    void shouldRefuseATruncatedBzip2File() throws IOException {
        byte[] compressed = Files.readAllBytes(SampleData.frame(TestFrames.R_FRAME));
        byte[] half = Arrays.copyOf(compressed, compressed.length / 2);
        String name = "frame-r-002820-3-0122.fits.bz2";
        InvalidSdssFileException e = refusal(half, name);
        assertThat(e.hdu()).isZero();
        assertThat(e.getMessage()).contains(name + " HDU 0").contains("bzip2");
    }

    @Test
    void shouldRefuseAFileOfRandomBytes() {
        byte[] noise = new byte[100_000];
        new Random(42).nextBytes(noise);
        InvalidSdssFileException e = refusal(noise, NAME);
        assertThat(e.hdu()).isZero();
        assertThat(e.getMessage()).contains(NAME + " HDU 0: not a FITS file");

        InvalidSdssFileException empty = refusal(new byte[0], "empty.fits");
        assertThat(empty.getMessage()).contains("empty.fits HDU 0").contains("empty file");

        InvalidSdssFileException text = refusal(
                "camcol\trun\tu\tg\tr\ti\tz\n".repeat(200).getBytes(StandardCharsets.US_ASCII), "table.fits");
        assertThat(text.getMessage()).contains("table.fits HDU 0");
    }

    @Test
    void shouldRefuseAHeaderWithAbsurdNaxisBeforeAllocating() {
        byte[] huge = header("SIMPLE  =                    T", "BITPIX  =                  -32",
                "NAXIS   =                    2", "NAXIS1  =               200000", "NAXIS2  =               200000");
        InvalidSdssFileException e = refusal(huge, NAME);
        assertThat(e.hdu()).isZero();
        assertThat(e.getMessage()).contains(NAME + " HDU 0").contains("declared data size 160000000000 bytes")
                .contains("exceeds the limit of 67108864 bytes");

        byte[] overflow = header("SIMPLE  =                    T", "BITPIX  =                  -64",
                "NAXIS   =                    3", "NAXIS1  =          99999999999", "NAXIS2  =          99999999999",
                "NAXIS3  =          99999999999");
        assertThat(refusal(overflow, NAME).getMessage()).contains("HDU 0").contains("overflows");

        byte[] notLong = header("SIMPLE  =                    T", "BITPIX  =                  -32",
                "NAXIS   =                    2", "NAXIS1  = 99999999999999999999", "NAXIS2  =                 1489");
        assertThat(refusal(notLong, NAME).getMessage()).contains("HDU 0").contains("NAXIS1 is not an integer");

        byte[] noEnd = new byte[2880 * 150];
        Arrays.fill(noEnd, (byte) ' ');
        System.arraycopy(header("SIMPLE  =                    T"), 0, noEnd, 0, 80);
        assertThat(refusal(noEnd, NAME).getMessage()).contains("HDU 0").contains("no END card within 100");
    }

    @Test
    void shouldRefuseWrongImageShapeOrBitpix() {
        byte[] small = header("SIMPLE  =                    T", "BITPIX  =                  -32",
                "NAXIS   =                    2", "NAXIS1  =                  100", "NAXIS2  =                  100");
        assertThat(refusal(small, NAME).getMessage())
                .contains(NAME + " HDU 0: image has shape [100 x 100] (NAXIS1 x NAXIS2 ...), expected [2048 x 1489]");

        byte[] ints = replace(real, 0, "BITPIX  =                  -32", "BITPIX  =                   16");
        assertThat(refusal(ints, NAME).getMessage()).contains(NAME + " HDU 0: image has BITPIX 16, expected -32");
    }

    @Test
    void shouldRefuseAFileWithTooFewHdus() {
        InvalidSdssFileException e = refusal(Arrays.copyOf(real, HDU2_HEADER), NAME);
        assertThat(e.hdu()).isEqualTo(2);
        assertThat(e.getMessage()).contains(NAME + " HDU 2: missing").contains("at least 3 HDUs");
    }

    @Test
    void shouldRefuseASkyTableWithoutXinterp() {
        byte[] renamed = replace(real, HDU2_HEADER, "TTYPE2  = 'XINTERP '", "TTYPE2  = 'XINTERQ '");
        InvalidSdssFileException e = refusal(renamed, NAME);
        assertThat(e.hdu()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo(NAME + " HDU 2: binary table has no XINTERP column");

        byte[] noTdim = replace(real, HDU2_HEADER, "TDIM1   = '( 256, 192)'", "TDIM9   = '( 256, 192)'");
        assertThat(refusal(noTdim, NAME).getMessage()).contains("HDU 2: ALLSKY needs a 2-D TDIM");
    }

    @Test
    void shouldRefuseANonFiniteCalibrationVector() {
        byte[] nan = real.clone();
        ByteBuffer.wrap(nan).putFloat(HDU1_DATA + 4 * 5, Float.NaN);
        InvalidSdssFileException e = refusal(nan, NAME);
        assertThat(e.hdu()).isEqualTo(1);
        assertThat(e.getMessage()).contains(NAME + " HDU 1: calibration vector is not finite and positive at column 5");
    }

    @Test
    void shouldRefuseContentsThatContradictTheFileName() {
        String wrongFilter = "frame-g-002820-3-0122.fits";
        assertThat(refusal(real, wrongFilter).getMessage()).contains(wrongFilter + " HDU 0")
                .contains("header says filter r, run 2820, camcol 3 but the file name says filter g");
        String wrongField = "frame-r-002820-3-0123.fits";
        assertThat(refusal(real, wrongField).getMessage())
                .contains(wrongField + " HDU 3: frame info says field 122 but the file name says field 123");
    }

    @Test
    void shouldRefuseABzip2BombAtTheDecompressedSizeCap() throws IOException {
        // A real-looking frame whose sky table claims 300 rows (63 MB, under the per-HDU cap): reading it would
        // need 12 MB + 63 MB of decompressed bytes, more than the 64 MiB cap. Built from concatenated bzip2 streams
        // of zeros so that the test compresses only a few MB.
        byte[] mib = bzip2(new byte[1 << 20]);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(bzip2(Arrays.copyOf(real, HDU0_DATA)));
        int imageAndFill = HDU1_HEADER - HDU0_DATA;
        for (int i = 0; i < imageAndFill >> 20; i++) {
            bomb.write(mib);
        }
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.write(new byte[imageAndFill & ((1 << 20) - 1)]);
        byte[] hdu1And2Header = replace(Arrays.copyOfRange(real, HDU1_HEADER, HDU2_DATA), HDU2_HEADER - HDU1_HEADER,
                "NAXIS2  =                    1", "NAXIS2  =                  300");
        tail.write(hdu1And2Header);
        bomb.write(bzip2(tail.toByteArray()));
        for (int i = 0; i < 64; i++) {
            bomb.write(mib);
        }
        String name = "frame-r-002820-3-0122.fits.bz2";
        assertThat(bomb.size()).isLessThan(100_000);
        InvalidSdssFileException e = refusal(bomb.toByteArray(), name);
        assertThat(e.hdu()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo(
                name + " HDU 2: the bzip2 content exceeds the limit of 67108864 bytes (decompression bomb?)");

        // a lower cap stops the real file early
        InvalidSdssFileException capped = refusal(new SdssFrameReader(1 << 20),
                Files.readAllBytes(SampleData.frame(TestFrames.R_FRAME)), name);
        assertThat(capped.getMessage()).contains(name + " HDU 0: the bzip2 content exceeds the limit of 1048576 bytes");

        // 100 MiB of compressed zeros are refused after the first header block, not decompressed
        ByteArrayOutputStream zeros = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            zeros.write(mib);
        }
        assertThat(refusal(zeros.toByteArray(), name).getMessage()).contains(name + " HDU 0: not a FITS file");
    }

    @Test
    void shouldReportAFailingSourceAsAnIoErrorNotAsBadContent() {
        InputStream failing = new InputStream() {
            private int left = 5000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return real[5000 - left - 1] & 0xff;
            }
        };
        assertThatThrownBy(() -> new SdssFrameReader().read(failing, NAME))
                .isInstanceOf(ScienceException.class)
                .isNotInstanceOf(InvalidSdssFileException.class)
                .hasMessageContaining(NAME)
                .hasMessageContaining("connection reset");
    }
}
