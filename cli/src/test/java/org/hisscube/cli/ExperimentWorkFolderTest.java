package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `experiment run --dir` deletes its working folder afterwards, so it must never take a folder of the user's. */
class ExperimentWorkFolderTest {

    @ParameterizedTest
    @ValueSource(strings = {"sdss", "visual-genome"})
    void aNonEmptyFolderThatNoRunMarkedIsRefusedAndLeftAsItWas(String experiment, @TempDir Path tmp) throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("my-data"));
        Path precious = Files.writeString(mine.resolve("thesis.tex"), "\\chapter{Results}\n");

        CliRun run = CliRun.of("experiment", "run", experiment, "--dir", mine.toString(),
                "--out", tmp.resolve("report").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(precious).hasContent("\\chapter{Results}");
        assertThat(tmp.resolve("report")).doesNotExist();
    }
}
