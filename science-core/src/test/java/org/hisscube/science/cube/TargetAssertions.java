package org.hisscube.science.cube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/** Exact comparison of targets: every field, every array element by bits (NaN equals NaN). */
final class TargetAssertions {
    private TargetAssertions() {
    }

    /** All of {@code actual} equals {@code expected}; notes only when {@code withNotes}. */
    static void assertSameTarget(Target actual, Target expected, boolean withNotes) {
        String t = "target " + expected.id() + " ";
        assertThat(actual.id()).as(t + "id").isEqualTo(expected.id());
        assertThat(Double.doubleToRawLongBits(actual.ra())).as(t + "ra").isEqualTo(
                Double.doubleToRawLongBits(expected.ra()));
        assertThat(Double.doubleToRawLongBits(actual.dec())).as(t + "dec").isEqualTo(
                Double.doubleToRawLongBits(expected.dec()));
        assertThat(actual.objectClass()).as(t + "class").isEqualTo(expected.objectClass());
        assertThat(actual.subClass()).as(t + "subclass").isEqualTo(expected.subClass());
        assertThat(actual.redshift()).as(t + "redshift").isEqualTo(expected.redshift());
        assertThat(actual.bands()).as(t + "bands").isEqualTo(expected.bands());
        assertThat(actual.frames()).as(t + "frames").isEqualTo(expected.frames());
        assertThat(actual.spectrumFiles()).as(t + "spectrum files").isEqualTo(expected.spectrumFiles());
        if (withNotes) {
            assertThat(actual.notes()).as(t + "notes").isEqualTo(expected.notes());
        }
        assertThat(actual.zooms()).as(t + "zooms").hasSameSizeAs(expected.zooms());
        for (int z = 0; z < expected.zooms().size(); z++) {
            assertSameZoom(actual.zoom(z), expected.zoom(z), t + "zoom " + z + " ");
        }
    }

    static void assertSameZoom(TargetZoom a, TargetZoom e, String what) {
        assertThat(a.zoom()).as(what + "zoom").isEqualTo(e.zoom());
        assertThat(a.size()).as(what + "size").isEqualTo(e.size());
        same(a.image(), e.image(), what + "image");
        same(a.imageErrors(), e.imageErrors(), what + "imageErrors");
        assertThat(Arrays.equals(a.spectrum(), e.spectrum())).as(what + "spectrum").isTrue();
        assertThat(Arrays.equals(a.spectrumErrors(), e.spectrumErrors())).as(what + "spectrumErrors").isTrue();
        assertThat(Arrays.equals(a.wavelength(), e.wavelength())).as(what + "wavelength").isTrue();
        same(a.epochSpectra(), e.epochSpectra(), what + "epochSpectra");
        same(a.epochSpectrumErrors(), e.epochSpectrumErrors(), what + "epochSpectrumErrors");
        same(a.epochImages(), e.epochImages(), what + "epochImages");
        same(a.epochImageErrors(), e.epochImageErrors(), what + "epochImageErrors");
    }

    /** Arrays.deepEquals compares float leaves with Float.floatToIntBits: exact, NaN equal to NaN. */
    private static void same(Object[] actual, Object[] expected, String what) {
        assertThat(Arrays.deepEquals(actual, expected)).as(what + " (deepEquals on float bits)").isTrue();
    }

    /** Number of NaN values in a nested float array. */
    static long nanCount(Object a) {
        if (a instanceof float[] f) {
            long n = 0;
            for (float v : f) {
                if (Float.isNaN(v)) {
                    n++;
                }
            }
            return n;
        }
        long n = 0;
        for (Object o : (Object[]) a) {
            n += nanCount(o);
        }
        return n;
    }
}
