package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: the whole local system comes up healthy (real broker, S3, SAS mirror, services). */
class UpCommandIT {

    @Test
    void shouldBringUpTheLocalStackAndEveryServiceHealthy(@TempDir Path dir) {
        CliRun run = CliRun.of("up", "--check", "--dir", dir.toString(), "--base-port", "18081");
        System.out.println(run.out());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        for (String service : UpCommand.SERVICES) {
            assertThat(run.out()).containsPattern(service + "\\s+\\d+\\s+UP");
        }
        assertThat(run.out()).contains("files in DR17 layout").contains("All services healthy");
    }
}
