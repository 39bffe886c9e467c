package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command: the whole system comes up healthy and fetches the demo catalog end to end; with
 * {@code --simulate 8} a simulated survey is served next to the sample and goes through the same pipeline unchanged.
 */
class UpCommandIT {

    @Test
    void shouldBringUpTheLocalStackAndEveryServiceHealthy(@TempDir Path dir) {
        CliRun run = CliRun.of("up", "--check", "--dir", dir.toString(), "--base-port", "18081", "--simulate", "8");
        System.out.println(run.out());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        for (String service : UpCommand.SERVICES) {
            assertThat(run.out()).containsPattern(service + "\\s+\\d+\\s+UP");
        }
        assertThat(run.out()).contains("files in DR17 layout").contains("All services healthy")
                .contains("5 frames + 4 spectra requested").contains("9/9 files stored")
                .contains("raw/eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2")
                .contains("raw/sdss/spectro/redux/104/spectra/lite/3126/spec-3126-54804-0211.fits")
                .contains("9/9 files calibrated into cube segments")
                .containsPattern("4657128951\\s+STAR\\s+\\d+\\s+ugriz\\s+5\\s+3\\s+cube/targets/4657128951/v\\d+\\.h5")
                .containsPattern("refused: u: EDGE at frame-u-002820-3-0122")
                .contains("Demo done")
                .contains("simulating 8 objects").contains("5 frames + 8 spectra served")
                .contains("5 frames + 8 spectra requested").contains("22/22 files stored")
                .contains("raw/eboss/photoObj/frames/301/100000/1/frame-r-100000-1-0011.fits.bz2")
                .contains("22/22 files calibrated into cube segments")
                .containsPattern("targets by status \\{[^}]*\"built\":9");
    }
}
