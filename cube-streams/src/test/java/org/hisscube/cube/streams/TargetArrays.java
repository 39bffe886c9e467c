package org.hisscube.cube.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;

/** Array-for-array comparison of two targets (NaN equals NaN, as in the files). */
public final class TargetArrays {
    private TargetArrays() {
    }

    public static void assertSame(Target a, Target b) {
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.bands()).isEqualTo(a.bands());
        assertThat(b.frameFiles()).isEqualTo(a.frameFiles());
        assertThat(b.spectrumFiles()).isEqualTo(a.spectrumFiles());
        assertThat(b.ra()).isEqualTo(a.ra());
        assertThat(b.dec()).isEqualTo(a.dec());
        assertThat(b.zooms()).hasSameSizeAs(a.zooms());
        for (int z = 0; z < a.zooms().size(); z++) {
            TargetZoom x = a.zoom(z);
            TargetZoom y = b.zoom(z);
            String at = "target " + a.id() + " zoom " + z + " ";
            assertThat(Arrays.deepEquals(x.image(), y.image())).as(at + "image").isTrue();
            assertThat(Arrays.deepEquals(x.imageErrors(), y.imageErrors())).as(at + "image errors").isTrue();
            assertThat(Arrays.equals(x.spectrum(), y.spectrum())).as(at + "spectrum").isTrue();
            assertThat(Arrays.equals(x.spectrumErrors(), y.spectrumErrors())).as(at + "spectrum errors").isTrue();
            assertThat(Arrays.equals(x.wavelength(), y.wavelength())).as(at + "wavelength").isTrue();
            assertThat(Arrays.deepEquals(x.epochSpectra(), y.epochSpectra())).as(at + "epoch spectra").isTrue();
        }
    }
}
