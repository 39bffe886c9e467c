package org.hisscube.science.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.hisscube.science.SampleData;
import org.junit.jupiter.api.Test;

/**
 * The parallel bzip2 decoder cuts the input at its block magics and decodes the blocks on worker threads: the same
 * bytes as the sequential decoder on the real frames, on concatenated streams and at every level, and the same
 * refusal, after the same bytes, when the data is damaged, truncated or followed by garbage.
 */
class ParallelBzip2Test {

    static byte[] parallel(byte[] compressed) throws IOException {
        try (InputStream in = ParallelBzip2.open(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theRealFramesAreCutIntoTheirBlocksAndDecodeToTheSameBytes() throws IOException {
        for (String name : new String[] {TestFrames.R_FRAME, TestFrames.SHORT_SKY_FRAME}) {
            byte[] compressed = Files.readAllBytes(SampleData.frame(name));
            List<ParallelBzip2.Block> blocks = ParallelBzip2.plan(compressed);
            // a 12 MB frame at level 9: at least 900 kB of input per block before the first run-length stage
            assertThat(blocks).as(name).isNotNull().hasSizeGreaterThan(2);
            assertThat(blocks.get(0).fromBit()).isEqualTo(32); // right after "BZh9"
            for (int i = 1; i < blocks.size(); i++) {
                assertThat(blocks.get(i).fromBit()).isEqualTo(blocks.get(i - 1).toBit());
            }
            byte[] expected = TestFrames.decompressed(name);
            assertThat(Arrays.equals(parallel(compressed), expected)).as(name + " same bytes").isTrue();
        }
    }

    @Test
    void concatenatedStreamsOfEveryLevelDecodeToTheSameBytes() throws IOException {
        byte[] real = Arrays.copyOf(TestFrames.decompressed(TestFrames.R_FRAME), 700_000);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int level : new int[] {1, 2, 5}) {
            all.write(Bzip2InputStreamTest.bzip2(real, level));
            expected.write(real);
        }
        byte[] compressed = all.toByteArray();
        assertThat(ParallelBzip2.plan(compressed)).hasSizeGreaterThan(6);
        assertThat(parallel(compressed)).isEqualTo(expected.toByteArray());
        // a single small block needs no threads, and still decodes
        byte[] one = Bzip2InputStreamTest.bzip2("one small block".getBytes(), 9);
        assertThat(ParallelBzip2.plan(one)).hasSize(1);
        assertThat(new String(parallel(one))).isEqualTo("one small block");
    }

    @Test
    void aDamagedBlockIsRefusedWithTheSequentialDecodersSentenceAfterTheSameBytes() throws IOException {
        byte[] compressed = Files.readAllBytes(SampleData.frame(TestFrames.R_FRAME));
        List<ParallelBzip2.Block> blocks = ParallelBzip2.plan(compressed);
        ParallelBzip2.Block second = blocks.get(1);
        byte[] damaged = compressed.clone();
        damaged[(int) ((second.fromBit() + second.toBit()) / 16)] ^= 0x10; // in the middle of block 2
        ByteArrayOutputStream sequentialOut = new ByteArrayOutputStream();
        InputStream s = new Bzip2InputStream(new ByteArrayInputStream(damaged));
        String sequential = org.assertj.core.api.Assertions.catchThrowableOfType(IOException.class,
                () -> s.transferTo(sequentialOut)).getMessage();
        assertThat(sequential).contains("block 2", "CRC");
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        InputStream p = ParallelBzip2.open(new ByteArrayInputStream(damaged));
        assertThatThrownBy(() -> p.transferTo(before)).isInstanceOf(IOException.class).hasMessage(sequential);
        // what came out before the refusal agrees with what the sequential decoder gave (how much depends on the
        // reader's buffer boundaries), and holds the first block intact
        int common = Math.min(before.size(), sequentialOut.size());
        assertThat(Arrays.equals(Arrays.copyOf(before.toByteArray(), common),
                Arrays.copyOf(sequentialOut.toByteArray(), common))).isTrue();
        byte[] good = TestFrames.decompressed(TestFrames.R_FRAME);
        int firstBlock = blocks.get(0).decode(compressed).length;
        assertThat(before.size()).isGreaterThanOrEqualTo(firstBlock);
        assertThat(Arrays.equals(Arrays.copyOf(before.toByteArray(), firstBlock), Arrays.copyOf(good, firstBlock)))
                .isTrue();
    }

    @Test
    void truncatedDataAndTrailingGarbageAreRefusedAsTheSequentialDecoderRefusesThem() throws IOException {
        byte[] compressed = Files.readAllBytes(SampleData.frame(TestFrames.SHORT_SKY_FRAME));
        byte[] truncated = Arrays.copyOf(compressed, compressed.length * 2 / 3);
        assertThat(ParallelBzip2.plan(truncated)).isNull();
        assertThatThrownBy(() -> parallel(truncated)).isInstanceOf(IOException.class)
                .hasMessage(refusal(new Bzip2InputStream(new ByteArrayInputStream(truncated))));

        byte[] trailing = Arrays.copyOf(compressed, compressed.length + 6);
        System.arraycopy("GARBAG".getBytes(), 0, trailing, compressed.length, 6);
        assertThat(ParallelBzip2.plan(trailing)).isNull();
        assertThatThrownBy(() -> parallel(trailing)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not another bzip2 stream");
    }

    @Test
    void aBlockCutAtTheWrongBitDoesNotDecodeSoAWrongCutIsNeverTakenForData() throws IOException {
        // a magic-like pattern inside compressed data would cut a block at the wrong bit: that piece does not
        // decode (so the reader falls back to the sequential decoder, as for the damaged block above)
        byte[] compressed = Files.readAllBytes(SampleData.frame(TestFrames.SHORT_SKY_FRAME));
        List<ParallelBzip2.Block> blocks = ParallelBzip2.plan(compressed);
        ParallelBzip2.Block wrong = new ParallelBzip2.Block(blocks.get(0).fromBit() + 8, blocks.get(0).toBit(),
                9, blocks.get(0).crc());
        assertThat(wrong.decode(compressed)).isNull();
        assertThat(blocks.get(0).decode(compressed)).isNotNull();
    }

    private static String refusal(InputStream in) {
        try (in) {
            in.transferTo(OutputStreamNull.INSTANCE);
        } catch (IOException e) {
            return e.getMessage();
        }
        throw new AssertionError("the sequential decoder accepted it");
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
