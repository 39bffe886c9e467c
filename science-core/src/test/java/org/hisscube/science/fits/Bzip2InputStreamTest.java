package org.hisscube.science.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.hisscube.science.SampleData;
import org.junit.jupiter.api.Test;

/**
 * The project's bzip2 decoder gives exactly the bytes of commons-compress (the reference) on the real frames and on
 * inputs that exercise every part of the format, and refuses damaged input with a sentence saying what is wrong.
 */
class Bzip2InputStreamTest {

    static byte[] bzip2(byte[] data, int level) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bo, level)) {
            out.write(data);
        }
        return bo.toByteArray();
    }

    static byte[] decode(byte[] compressed) throws IOException {
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    static byte[] reference(byte[] compressed) throws IOException {
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(compressed), true)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldDecodeTheRealFramesToTheBytesCommonsCompressGives() throws IOException {
        for (String name : new String[] {TestFrames.R_FRAME, TestFrames.SHORT_SKY_FRAME}) {
            byte[] compressed = Files.readAllBytes(SampleData.frame(name));
            byte[] ours = decode(compressed);
            byte[] expected = TestFrames.decompressed(name);
            assertThat(ours.length).as(name).isEqualTo(expected.length).isGreaterThan(12_000_000);
            assertThat(Arrays.equals(ours, expected)).as(name + " same bytes").isTrue();
        }
    }

    @Test
    void shouldDecodeWhatCommonsCompressWritesAtSmallMiddleAndLargestBlockSizes() throws IOException {
        Random random = new Random(42);
        // text-like data with runs: long runs exercise the run-length stages, varied bytes the Huffman tables
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        for (int i = 0; i < 4000; i++) {
            int kind = random.nextInt(4);
            int len = 1 + random.nextInt(kind == 0 ? 600 : 60);
            for (int j = 0; j < len; j++) {
                mixed.write(kind == 0 ? 'a' : kind == 1 ? random.nextInt(256) : kind == 2 ? '0' + j % 10 : 'z' - j % 3);
            }
        }
        byte[] data = mixed.toByteArray();
        for (int level = 1; level <= 9; level += 4) {
            byte[] compressed = bzip2(data, level);
            assertThat(decode(compressed)).as("level " + level).isEqualTo(data);
        }
    }

    @Test
    void shouldDecodeManyBlocksLongRunsAndIncompressibleBytes() throws IOException {
        byte[] real = Arrays.copyOf(TestFrames.decompressed(TestFrames.R_FRAME), 350_000); // 4 blocks at level 1
        assertThat(decode(bzip2(real, 1))).isEqualTo(real);

        byte[] zeros = new byte[3_000_000]; // one run far longer than a block
        assertThat(decode(bzip2(zeros, 1))).isEqualTo(zeros);

        byte[] noise = new byte[250_000];
        new Random(7).nextBytes(noise);
        assertThat(decode(bzip2(noise, 2))).isEqualTo(noise);

        // runs of exactly 4 and 5 equal bytes, where the run-length count is 0 and 1
        byte[] fours = "aaaabbbbbcaaaab".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(bzip2(fours, 1))).isEqualTo(fours);

        byte[] single = {42};
        assertThat(decode(bzip2(single, 9))).isEqualTo(single);
        assertThat(decode(bzip2(new byte[0], 9))).isEmpty();
    }

    @Test
    void shouldDecodeConcatenatedStreamsAsPbzip2WritesThem() throws IOException {
        byte[] a = "first stream ".repeat(500).getBytes(StandardCharsets.US_ASCII);
        byte[] b = Arrays.copyOfRange(TestFrames.decompressed(TestFrames.R_FRAME), 100_000, 180_000);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(bzip2(a, 9));
        both.write(bzip2(b, 1));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(a);
        expected.write(b);
        assertThat(decode(both.toByteArray())).isEqualTo(expected.toByteArray())
                .isEqualTo(reference(both.toByteArray()));
    }

    @Test
    void shouldGiveTheSameBytesWhateverTheReadSizes() throws IOException {
        byte[] data = Arrays.copyOf(TestFrames.decompressed(TestFrames.R_FRAME), 200_000);
        byte[] compressed = bzip2(data, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(3);
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(compressed))) {
            byte[] buf = new byte[300];
            while (true) {
                if (random.nextInt(10) == 0) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    out.write(c);
                } else {
                    int n = in.read(buf, 0, 1 + random.nextInt(buf.length));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                }
            }
            assertThat(in.read()).isEqualTo(-1);
            in.close();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void shouldRefuseTruncatedInputWhereverItIsCut() throws IOException {
        byte[] compressed = bzip2(Arrays.copyOf(TestFrames.decompressed(TestFrames.R_FRAME), 250_000), 1);
        for (int cut : new int[] {5, 20, compressed.length / 3, compressed.length - 11, compressed.length - 1}) {
            byte[] part = Arrays.copyOf(compressed, cut);
            assertThatThrownBy(() -> decode(part)).as("cut at " + cut)
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void shouldRefuseCorruptDataWithACrcOrFormatError() throws IOException {
        byte[] data = Arrays.copyOf(TestFrames.decompressed(TestFrames.R_FRAME), 250_000);
        byte[] compressed = bzip2(data, 1);
        Random random = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            byte[] damaged = compressed.clone();
            int at = 4 + random.nextInt(damaged.length - 5); // not the last byte: its low bits may be padding
            damaged[at] ^= (byte) (1 << random.nextInt(8));
            assertThatThrownBy(() -> decode(damaged)).as("bit flipped at byte " + at)
                    .isInstanceOf(IOException.class)
                    .hasMessageMatching("(?s).*bzip2 (block|stream) .*(corrupt|truncated).*");
        }
    }

    @Test
    void shouldRefuseInputThatIsNoBzip2Stream() throws IOException {
        assertThatThrownBy(() -> decode(new byte[0])).hasMessageContaining("not a bzip2 stream");
        assertThatThrownBy(() -> decode("SIMPLE  = T".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("not a bzip2 stream: bad header");
        assertThatThrownBy(() -> decode("BZh0xxxxxxxx".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("bad header");

        ByteArrayOutputStream trailing = new ByteArrayOutputStream();
        trailing.write(bzip2("payload".getBytes(StandardCharsets.US_ASCII), 9));
        trailing.write("garbage!".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> decode(trailing.toByteArray()))
                .hasMessageContaining("data after bzip2 stream 1 is not another bzip2 stream");
    }
}
