package org.hisscube.contracts.sdss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SasPathsTest {

    @Test
    void shouldPlaceFramesUnderRerun301ByRunAndCamcol() {
        assertThat(SasPaths.frame('r', 2820, 3, 122))
                .isEqualTo("eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2");
    }

    /** Real DR17 locations of the sample spectra (SEGUE-2, legacy, BOSS, eBOSS). */
    @ParameterizedTest
    @CsvSource({
        "spec-3126-54804-0211.fits, sdss/spectro/redux/104/spectra/lite/3126/spec-3126-54804-0211.fits",
        "spec-0411-51817-0119.fits, sdss/spectro/redux/26/spectra/lite/0411/spec-0411-51817-0119.fits",
        "spec-7330-56684-0434.fits, eboss/spectro/redux/v5_13_2/spectra/lite/7330/spec-7330-56684-0434.fits",
        "spec-10000-57346-0002.fits, eboss/spectro/redux/v5_13_2/spectra/lite/10000/spec-10000-57346-0002.fits",
        "frame-g-003565-1-0058.fits.bz2, eboss/photoObj/frames/301/3565/1/frame-g-003565-1-0058.fits.bz2",
        "frame-g-003565-1-0058.fits, eboss/photoObj/frames/301/3565/1/frame-g-003565-1-0058.fits.bz2"})
    void shouldLocateTheSampleFilesOnTheSas(String name, String path) {
        assertThat(SasPaths.forFileName(name)).isEqualTo(path);
    }

    /** Names the one parser (sdss-names) refuses, and a gzip frame, which the SAS does not have. */
    @ParameterizedTest
    @ValueSource(strings = {"blue_star.fits", "../frame-r-002820-3-0122.fits.bz2", "frame-r-002820-3-0122.fits.gz",
        "frame-r-002820-7-0122.fits.bz2", "frame-r-000000-3-0122.fits.bz2", "spec-0411-51817-0119.fits.gz",
        "spec-0411-51817-0000.fits", "spec-04110-51817-0119.fits", ""})
    void shouldNotGuessPathsForOtherNames(String name) {
        assertThat(SasPaths.forFileName(name)).isNull();
    }
}
