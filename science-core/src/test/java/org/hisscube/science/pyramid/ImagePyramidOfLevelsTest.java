package org.hisscube.science.pyramid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.hisscube.science.wcs.TanWcs;
import org.junit.jupiter.api.Test;

/** {@link ImagePyramid#ofLevels} adopts levels computed elsewhere, but only when they form a pyramid. */
class ImagePyramidOfLevelsTest {
    static final TanWcs WCS = new TanWcs(38.3, -0.1, 5.5, 3.5, 0, 1.1e-4, 1.1e-4, 0, 11, 7);

    static float[] ramp(int n, float offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = offset + i;
        }
        return a;
    }

    /** The 3 levels of an 11 × 7 image, each copied through {@link ZoomLevel#of}. */
    static List<ZoomLevel> copiedLevels() {
        ImagePyramid p = ImagePyramid.of(11, 7, ramp(77, 0), ramp(77, 1), WCS, 3);
        List<ZoomLevel> out = new ArrayList<>();
        for (ZoomLevel l : p.levels()) {
            out.add(ZoomLevel.of(l.zoom(), l.width(), l.height(), l.dataCopy(), l.errorsCopy(), l.wcs()));
        }
        return out;
    }

    @Test
    void shouldAdoptTheLevelsOfAPyramidUnchanged() {
        ImagePyramid built = ImagePyramid.of(11, 7, ramp(77, 0), ramp(77, 1), WCS, 3);
        ImagePyramid adopted = ImagePyramid.ofLevels(copiedLevels());
        assertThat(adopted.size()).isEqualTo(3);
        for (int z = 0; z < 3; z++) {
            assertThat(adopted.level(z).width()).isEqualTo(11 >> z);
            assertThat(adopted.level(z).height()).isEqualTo(7 >> z);
            assertThat(adopted.level(z).wcs()).isEqualTo(WCS.atZoom(z));
            assertThat(adopted.level(z).dataCopy()).containsExactly(built.level(z).dataCopy());
            assertThat(adopted.level(z).errorsCopy()).containsExactly(built.level(z).errorsCopy());
        }
    }

    @Test
    void shouldCopyTheArraysGivenToZoomLevelOf() {
        float[] data = ramp(77, 0);
        ZoomLevel l = ZoomLevel.of(0, 11, 7, data, ramp(77, 1), WCS);
        data[0] = 99;
        assertThat(l.value(0, 0)).isEqualTo(0f);
        assertThatThrownBy(() -> ZoomLevel.of(0, 11, 7, new float[76], new float[77], WCS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 11x7");
        assertThatThrownBy(() -> ZoomLevel.of(-1, 11, 7, new float[77], new float[77], WCS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zoom must be >= 0");
    }

    @Test
    void shouldRefuseALevelOfTheWrongSize() {
        List<ZoomLevel> levels = copiedLevels();
        TanWcs wide = new TanWcs(WCS.crval1(), WCS.crval2(), 5.5, 3.5, 0, 1.1e-4, 1.1e-4, 0, 12, 7);
        // a 12 × 7 level 0 would have a 6 × 3 level 1, not 5 × 3
        levels.set(0, ZoomLevel.of(0, 12, 7, new float[84], new float[84], wide));
        assertThatThrownBy(() -> ImagePyramid.ofLevels(levels)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level 1 is 5x3, expected 6x3");
    }

    @Test
    void shouldRefuseALevelWhoseWcsIsNotTheBinnedLevelZeroWcs() {
        List<ZoomLevel> levels = copiedLevels();
        TanWcs w1 = WCS.atZoom(1);
        TanWcs off = new TanWcs(w1.crval1(), w1.crval2(), w1.crpix1() + 1e-9, w1.crpix2(), w1.cd11(), w1.cd12(),
                w1.cd21(), w1.cd22(), w1.naxis1(), w1.naxis2());
        ZoomLevel l1 = levels.get(1);
        levels.set(1, ZoomLevel.of(1, l1.width(), l1.height(), l1.dataCopy(), l1.errorsCopy(), off));
        assertThatThrownBy(() -> ImagePyramid.ofLevels(levels)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level 1 has WCS").hasMessageContaining("binned by 2");
    }

    @Test
    void shouldRefuseLevelsOutOfOrderOrNone() {
        List<ZoomLevel> levels = copiedLevels();
        assertThatThrownBy(() -> ImagePyramid.ofLevels(List.of(levels.get(1), levels.get(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level 0 has zoom index 1");
        assertThatThrownBy(() -> ImagePyramid.ofLevels(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..31 levels");
    }
}
