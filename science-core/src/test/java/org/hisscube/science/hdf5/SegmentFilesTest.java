package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hisscube.science.ScienceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard against jHDF 0.13.0's corrupt files: an unreadable file is refused, never moved into place. */
class SegmentFilesTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseTheFileJhdfCorruptsWhenAnEmptyGroupComesLast() throws IOException {
        Path out = dir.resolve("bad.h5");
        // children are laid out in hash order: "a" (with a dataset) first, the empty "z" last
        assertThatThrownBy(() -> SegmentFiles.write(out, f -> {
            f.putGroup("a").putDataset("x", new long[] {5});
            f.putGroup("z").putAttribute("rows", 0);
        })).isInstanceOf(ScienceException.class).hasMessageContaining("unreadable HDF5 file for " + out)
                .hasMessageContaining("group without children");
        assertThat(out).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left").isEmpty();
        }
    }

    @Test
    void shouldWriteTheSameLayoutOnceTheEmptyGroupIsNotLast() {
        Path out = dir.resolve("good.h5");
        SegmentFiles.write(out, f -> {
            f.putGroup("a").putAttribute("rows", 0);
            f.putGroup("z").putDataset("x", new long[] {5});
        });
        try (HdfFile h = new HdfFile(out)) {
            assertThat(h.getChildren().keySet()).containsExactlyInAnyOrder("a", "z");
            assertThat((long[]) h.getDatasetByPath("z/x").getData()).containsExactly(5L);
        }
    }
}
