package org.hisscube.science.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdssFiltersTest {
    /** ∫λT dλ / ∫T dλ of a bundled SVO filter curve (trapezoidal rule). */
    static double meanWavelength(String filter) throws IOException {
        String res = "/org/hisscube/science/calib/SLOAN_SDSS." + filter + ".dat";
        try (InputStream in = SdssFiltersTest.class.getResourceAsStream(res)) {
            assertThat(in).as(res).isNotNull();
            BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            double num = 0;
            double den = 0;
            double pl = Double.NaN;
            double pt = 0;
            for (String line; (line = br.readLine()) != null;) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 2 || f[0].startsWith("#")) {
                    continue;
                }
                double l = Double.parseDouble(f[0]);
                double t = Double.parseDouble(f[1]);
                if (!Double.isNaN(pl)) {
                    num += 0.5 * (l - pl) * (l * t + pl * pt);
                    den += 0.5 * (l - pl) * (t + pt);
                }
                pl = l;
                pt = t;
            }
            return num / den;
        }
    }

    @Test
    void shouldGiveEffectiveWavelengthsWithinTwoPercentOfTheFilterCurves() throws IOException {
        for (String f : new String[] {"u", "g", "r", "i", "z"}) {
            double lambda = SdssFilters.effectiveWavelengthAngstrom(f);
            double mean = meanWavelength(f);
            assertThat(Math.abs(lambda - mean) / mean).as(f + ": " + lambda + " vs curve mean " + mean)
                    .isLessThan(0.02);
        }
        assertThat(SdssFilters.effectiveWavelengthAngstrom("r")).isEqualTo(6166.0);
    }

    @Test
    void shouldRefuseAnUnknownFilter() {
        assertThatThrownBy(() -> SdssFilters.effectiveWavelengthAngstrom("R"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SdssFilters.effectiveWavelengthAngstrom(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
