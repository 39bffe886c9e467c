package org.hisscube.science.calib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.hisscube.science.ScienceException;
import org.junit.jupiter.api.Test;

class CcdCalibrationTest {
    final CcdCalibration ccd = CcdCalibration.sdss();

    @Test
    void shouldGiveTheDataModelValuesForTheRFrameOfCamcol3() {
        assertThat(ccd.gain(3, "r", 2820)).isEqualTo(4.72);
        assertThat(ccd.darkVariance(3, "r", 2820)).isEqualTo(1.3225);
        assertThat(ccd.gain(3, "u", 2820)).isEqualTo(1.59);
        assertThat(ccd.darkVariance(3, "u", 2820)).isEqualTo(8.7025);
        assertThat(ccd.gain(6, "z", 1)).isEqualTo(4.69);
        assertThat(ccd.darkVariance(1, "g", 5000)).isEqualTo(15.6025);
    }

    @Test
    void shouldSwitchGainOfCamcol2UAtRun1100() {
        assertThat(ccd.gain(2, "u", 1000)).isEqualTo(1.595);
        assertThat(ccd.gain(2, "u", 1100)).as("'1.825 for runs > 1100'").isEqualTo(1.595);
        assertThat(ccd.gain(2, "u", 1101)).isEqualTo(1.825);
        assertThat(ccd.gain(2, "g", 1000)).isEqualTo(ccd.gain(2, "g", 2000)).isEqualTo(3.855);
    }

    @Test
    void shouldSwitchDarkVarianceAtRun1500() {
        assertThat(ccd.darkVariance(2, "i", 1500)).isEqualTo(5.76);
        assertThat(ccd.darkVariance(2, "i", 1501)).isEqualTo(6.25);
        assertThat(ccd.darkVariance(4, "z", 1000)).isEqualTo(9.61);
        assertThat(ccd.darkVariance(4, "z", 3565)).isEqualTo(12.6025);
        assertThat(ccd.darkVariance(5, "z", 3565)).isEqualTo(2.1025);
    }

    @Test
    void shouldRefuseUnknownCamcolFilterOrRun() {
        assertThatThrownBy(() -> ccd.gain(7, "r", 2820)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ccd.gain(3, "y", 2820)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ccd.darkVariance(3, "r", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseMalformedTables() {
        String good = "camcol\trun\tu\tg\tr\ti\tz\n" + "1\t>0\t1\t1\t1\t1\t1\n".repeat(1);
        assertThatThrownBy(() -> CcdCalibration.fromTsv(new StringReader(good), new StringReader(good)))
                .isInstanceOf(ScienceException.class).hasMessageContaining("no row for camcol 2");
        assertThatThrownBy(() -> CcdCalibration.fromTsv(new StringReader("camcol\trun\tu\tg\tr\ti\n1\t>0\t1\t1\t1\t1"),
                new StringReader(good))).hasMessageContaining("no column for filter z");
        assertThatThrownBy(() -> CcdCalibration.fromTsv(
                new StringReader("camcol\trun\tu\tg\tr\ti\tz\n1\t=0\t1\t1\t1\t1\t1"), new StringReader(good)))
                .hasMessageContaining("bad run condition");
    }
}
