package org.hisscube.science.hdf5;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coalescing channel leaves exactly the bytes a plain {@link FileChannel} leaves, whatever the calls. */
class CoalescingFileChannelTest {
    @TempDir
    Path dir;

    @Test
    void shouldLeaveTheSameBytesAsAPlainChannelForAnyMixOfWrites() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            Path plain = dir.resolve("plain-" + seed);
            Path coalesced = dir.resolve("coalesced-" + seed);
            try (FileChannel a = FileChannel.open(plain, READ, WRITE, CREATE);
                    FileChannel b = FileChannel.open(CoalescingFileChannel.pathFor(coalesced), READ, WRITE, CREATE)) {
                assertThat(b).isInstanceOf(CoalescingFileChannel.class);
                Random random = new Random(seed);
                for (int op = 0; op < 300; op++) {
                    int kind = random.nextInt(10);
                    if (kind < 6) {
                        // mostly small rows, sometimes more than the buffer holds
                        int n = random.nextInt(20) == 0 ? random.nextInt(3 * CoalescingFileChannel.BUFFER_BYTES)
                                : random.nextInt(9000);
                        byte[] bytes = bytes(random, n);
                        assertThat(b.write(ByteBuffer.wrap(bytes))).isEqualTo(a.write(ByteBuffer.wrap(bytes)));
                    } else if (kind < 8) {
                        long at = (long) (random.nextDouble() * (a.size() + 5000));
                        byte[] bytes = bytes(random, random.nextInt(3000));
                        assertThat(b.write(ByteBuffer.wrap(bytes), at)).isEqualTo(a.write(ByteBuffer.wrap(bytes), at));
                    } else if (kind < 9) {
                        long to = (long) (random.nextDouble() * (a.size() + 5000));
                        a.position(to);
                        b.position(to);
                    } else {
                        assertThat(b.size()).isEqualTo(a.size());
                    }
                    assertThat(b.position()).isEqualTo(a.position());
                }
            }
            assertThat(Files.readAllBytes(coalesced)).as("seed " + seed).isEqualTo(Files.readAllBytes(plain));
        }
    }

    @Test
    void shouldGiveJhdfTheSameFileAsAPlainChannel() throws IOException {
        Path plain = dir.resolve("plain.h5");
        Path coalesced = dir.resolve("coalesced.h5");
        try (WritableHdfFile f = HdfFile.write(plain)) {
            fill(f);
        }
        try (WritableHdfFile f = HdfFile.write(CoalescingFileChannel.pathFor(coalesced))) {
            fill(f);
        }
        assertThat(Files.readAllBytes(coalesced)).isEqualTo(Files.readAllBytes(plain));
        try (HdfFile h = new HdfFile(coalesced)) {
            assertThat(((float[][]) h.getDatasetByPath("g/rows").getData())[299][511]).isEqualTo(299 * 512 + 511);
        }
    }

    private static void fill(WritableHdfFile f) {
        f.putAttribute("kind", "test");
        WritableGroup g = f.putGroup("g");
        float[][] rows = new float[300][512];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length; x++) {
                rows[y][x] = y * 512 + x;
            }
        }
        g.putDataset("rows", rows).putAttribute("units", "none");
        g.putDataset("cells", new long[] {1, 2, 3});
        f.putGroup("h").putDataset("big", new double[400_000]);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
