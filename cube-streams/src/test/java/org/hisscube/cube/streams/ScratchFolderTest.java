package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed cube leaves in its scratch folder is deleted at the next start: finished segment and target files
 * waiting for their upload, and the temporary file a segment writer was filling (CubeFaultIT's kill can land in
 * either); nothing else in the folder is touched.
 */
class ScratchFolderTest {

    @Test
    void leftoversOfAKilledProcessAreDeletedAndNothingElse(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("segment-123.h5"), "finished, not uploaded");
        Files.writeString(dir.resolve("target-9.h5"), "finished, not uploaded");
        Files.writeString(dir.resolve(".segment-7577141214303453061.h5.d6b7d4470680ed3a.tmp"), "half written");
        Files.writeString(dir.resolve(".target-5.h5.0a1b.tmp"), "half written");
        Files.writeString(dir.resolve("notes.txt"), "someone else's");
        Files.writeString(dir.resolve(".other.h5.0a1b.tmp"), "someone else's");
        Files.writeString(dir.resolve("segment-123.h5.bak"), "someone else's");

        assertThat(ScratchFolder.collect(dir)).containsExactlyInAnyOrder("segment-123.h5", "target-9.h5",
                ".segment-7577141214303453061.h5.d6b7d4470680ed3a.tmp", ".target-5.h5.0a1b.tmp");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt",
                    ".other.h5.0a1b.tmp", "segment-123.h5.bak");
        }
    }
}
