package org.hisscube.science.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdssFileNamesTest {

    @Test
    void shouldParseFrameNamesWithAndWithoutCompressionAndDirectories() {
        FrameId expected = new FrameId("r", 2820, 3, 122);
        assertThat(SdssFileNames.parseFrame("frame-r-002820-3-0122.fits.bz2")).contains(expected);
        assertThat(SdssFileNames.parseFrame("frame-r-002820-3-0122.fits")).contains(expected);
        assertThat(SdssFileNames.parseFrame("frame-r-002820-3-0122.fits.gz")).contains(expected);
        assertThat(SdssFileNames.parseFrame("raw/dr17/eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2"))
                .contains(expected);
    }

    @Test
    void shouldRejectNamesThatAreNotFrames() {
        assertThat(SdssFileNames.parseFrame("frame-x-002820-3-0122.fits")).isEmpty();
        assertThat(SdssFileNames.parseFrame("frame-r-2820-3-0122.fits")).isEmpty();
        assertThat(SdssFileNames.parseFrame("frame-r-002820-7-0122.fits")).isEmpty();
        assertThat(SdssFileNames.parseFrame("frame-r-002820-3-0122.fit")).isEmpty();
        assertThat(SdssFileNames.parseFrame("frame-r-000000-3-0122.fits")).isEmpty();
        assertThat(SdssFileNames.parseFrame("spec-0411-51817-0119.fits")).isEmpty();
        assertThat(SdssFileNames.parseFrame(null)).isEmpty();
    }

    @Test
    void shouldParseSpectrumNamesWithFourAndFiveDigitPlates() {
        assertThat(SdssFileNames.parseSpectrum("spec-0411-51817-0119.fits")).contains(new SpectrumId(411, 51817, 119));
        assertThat(SdssFileNames.parseSpectrum("spectra/spec-10000-57346-0002.fits"))
                .contains(new SpectrumId(10000, 57346, 2));
        assertThat(SdssFileNames.parseSpectrum("spec-411-51817-0119.fits")).isEmpty();
        assertThat(SdssFileNames.parseSpectrum("spec-100000-57346-0002.fits")).isEmpty();
        assertThat(SdssFileNames.parseSpectrum("blue_star.fits")).isEmpty();
        // spec-lite files are served uncompressed, and the spectrum reader reads only uncompressed FITS
        assertThat(SdssFileNames.parseSpectrum("spec-0411-51817-0119.fits.gz")).isEmpty();
        assertThat(SdssFileNames.parseSpectrum("spec-0411-51817-0119.fits.bz2")).isEmpty();
        assertThat(SdssFileNames.parseSpectrum("frame-r-002820-3-0122.fits")).isEmpty();
        assertThat(SdssFileNames.parseFrame("spec-0411-51817-0119.fits")).isEmpty();
    }

    @Test
    void shouldFormatCanonicalNamesThatParseBack() {
        FrameId f = new FrameId("g", 3565, 1, 58);
        assertThat(f.fileName()).isEqualTo("frame-g-003565-1-0058.fits.bz2");
        assertThat(SdssFileNames.parseFrame(f.fileName())).contains(f);
        assertThat(new SpectrumId(411, 51817, 119).fileName()).isEqualTo("spec-0411-51817-0119.fits");
        assertThat(new SpectrumId(10000, 57346, 2).fileName()).isEqualTo("spec-10000-57346-0002.fits");
    }

    @Test
    void shouldValidateIds() {
        assertThatThrownBy(() -> new FrameId("y", 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameId("r", 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpectrumId(0, 51817, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FrameId("z", 1, 6, 0).filterIndex()).isEqualTo(4);
    }
}
