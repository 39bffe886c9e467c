package org.hisscube.sdss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hisscube.sdss.SdssFileName.Compression;
import org.hisscube.sdss.SdssFileName.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdssFileNameTest {

    /** Accepted names and what they say; every one formats back to itself. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // name,                             kind,     filter, run,    camcol, field, plate, mjd,   fiber, compression, base name
        "frame-r-002820-3-0122.fits.bz2,     FRAME,    r,      2820,   3,      122,   0,     0,     0,     BZIP2, frame-r-002820-3-0122",
        "frame-r-002820-3-0122.fits,         FRAME,    r,      2820,   3,      122,   0,     0,     0,     NONE,  frame-r-002820-3-0122",
        "frame-r-002820-3-0122.fits.gz,      FRAME,    r,      2820,   3,      122,   0,     0,     0,     GZIP,  frame-r-002820-3-0122",
        "frame-u-000001-1-0000.fits.bz2,     FRAME,    u,      1,      1,      0,     0,     0,     0,     BZIP2, frame-u-000001-1-0000",
        "frame-z-999999-6-9999.fits.bz2,     FRAME,    z,      999999, 6,      9999,  0,     0,     0,     BZIP2, frame-z-999999-6-9999",
        "frame-g-003565-1-0058.fits.bz2,     FRAME,    g,      3565,   1,      58,    0,     0,     0,     BZIP2, frame-g-003565-1-0058",
        "frame-i-002820-3-0122.fits.bz2,     FRAME,    i,      2820,   3,      122,   0,     0,     0,     BZIP2, frame-i-002820-3-0122",
        "spec-0411-51817-0119.fits,          SPECTRUM, -,      0,      0,      0,     411,   51817, 119,   NONE,  spec-0411-51817-0119",
        "spec-10000-57346-0002.fits,         SPECTRUM, -,      0,      0,      0,     10000, 57346, 2,     NONE,  spec-10000-57346-0002",
        "spec-99999-00000-9999.fits,         SPECTRUM, -,      0,      0,      0,     99999, 0,     9999,  NONE,  spec-99999-00000-9999",
        "spec-0001-51817-0001.fits,          SPECTRUM, -,      0,      0,      0,     1,     51817, 1,     NONE,  spec-0001-51817-0001",
    })
    void shouldAcceptAndFormatBackTheSdssNames(String name, Kind kind, String filter, int run, int camcol, int field,
            int plate, int mjd, int fiber, Compression compression, String baseName) {
        SdssFileName n = SdssFileName.parse(name);
        assertThat(n).isEqualTo(new SdssFileName(kind, filter, run, camcol, field, plate, mjd, fiber, compression));
        assertThat(n.baseName()).isEqualTo(baseName);
        assertThat(n.fileName()).isEqualTo(name);
        assertThat(n.isFrame()).isEqualTo(kind == Kind.FRAME);
        assertThat(n.isSpectrum()).isEqualTo(kind == Kind.SPECTRUM);
        assertThat(SdssFileName.tryParse(name)).contains(n);
        assertThat(SdssFileName.claimed("raw/dr17/some/dir/" + name)).contains(n);
    }

    /** Refused names and the words the refusal must contain (it always names the file too). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // frames
        "frame-x-002820-3-0122.fits,         filter",
        "frame-R-002820-3-0122.fits,         filter",
        "frame-rr-002820-3-0122.fits,        filter",
        "frame-r-2820-3-0122.fits,           run must be 6 digits",
        "frame-r-0002820-3-0122.fits,        run must be 6 digits",
        "frame-r-000000-3-0122.fits,         run must not be 000000",
        "frame-r-+02820-3-0122.fits,         run must be 6 digits",
        "frame-r-002820-0-0122.fits,         camcol must be 1..6",
        "frame-r-002820-7-0122.fits,         camcol must be 1..6",
        "frame-r-002820-9-0122.fits,         camcol must be 1..6",
        "frame-r-002820-33-0122.fits,        camcol must be 1 digit",
        "frame-r-002820-3-122.fits,          field must be 4 digits",
        "frame-r-002820-3-01220.fits,        field must be 4 digits",
        "frame-r-002820-3-0122.fit,          .fits.bz2",
        "frame-r-002820-3-0122.fits.bz,      .fits.bz2",
        "frame-r-002820-3-0122.fits.xz,      .fits.bz2",
        "frame-r-002820-3-0122.FITS,         .fits.bz2",
        "frame-r-002820-3-0122,              no extension",
        "frame-r-002820-3-0122.fits.bz2.tmp, .fits.bz2",
        "frame-r-002820-3.fits,              5 parts",
        "frame-r-002820-3-0122-1.fits,       5 parts",
        "frame-r-002820-٣-0122.fits,         camcol must be 1 digit",
        // spectra
        "spec-411-51817-0119.fits,           plate must be 4 or 5 digits",
        "spec-100000-57346-0002.fits,        plate must be 4 or 5 digits",
        "spec-04110-51817-0119.fits,         5-digit plate does not start with 0",
        "spec-0000-51817-0119.fits,          plate must not be 0000",
        "spec-0411-5181-0119.fits,           mjd must be 5 digits",
        "spec-0411-51817-119.fits,           fiber must be 4 digits",
        "spec-0411-51817-0000.fits,          fiber must not be 0000",
        "spec-0411-51817-0119.fits.gz,       spectrum ends in .fits",
        "spec-0411-51817-0119.fits.bz2,      spectrum ends in .fits",
        "spec-0411-51817-0119.fit,           spectrum ends in .fits",
        "spec-0411-51817-0119,               no extension",
        "spec-0411-51817.fits,               4 parts",
        // neither
        "blue_star.fits,                     neither frame- nor spec-",
        "Frame-r-002820-3-0122.fits,         neither frame- nor spec-",
        "../frame-r-002820-3-0122.fits.bz2,  no directory",
        "raw/spec-0411-51817-0119.fits,      no directory",
        "a\\spec-0411-51817-0119.fits,       no directory",
        "'',                                 empty",
        "-,                                  empty",
    })
    void shouldRefuseEverythingElseSayingWhy(String name, String why) {
        assertThatThrownBy(() -> SdssFileName.parse(name))
                .isInstanceOf(InvalidSdssFileNameException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(((InvalidSdssFileNameException) e).name()).isEqualTo(name));
        assertThat(SdssFileName.tryParse(name)).isEmpty();
    }

    @Test
    void shouldTakeOnlyNamesThatClaimToBeSdssNamesAsSuchAndRefuseMalformedOnes() {
        assertThat(SdssFileName.claimed("blue_star.fits")).isEmpty();
        assertThat(SdssFileName.claimed("raw/deleted/1234.fits")).isEmpty();
        assertThat(SdssFileName.claimed(null)).isEmpty();
        assertThat(SdssFileName.claimed("a\\b\\frame-r-002820-3-0122.fits")).map(SdssFileName::baseName)
                .contains("frame-r-002820-3-0122");
        assertThatThrownBy(() -> SdssFileName.claimed("x/spec-0411-51817-0000.fits"))
                .isInstanceOf(InvalidSdssFileNameException.class).hasMessageContaining("fiber");
        assertThatThrownBy(() -> SdssFileName.claimed("frame-r-002820-7-0122.fits.bz2"))
                .isInstanceOf(InvalidSdssFileNameException.class).hasMessageContaining("camcol");
    }

    @Test
    void shouldBuildCanonicalNamesFromIds() {
        assertThat(SdssFileName.frame("g", 3565, 1, 58, Compression.BZIP2).fileName())
                .isEqualTo("frame-g-003565-1-0058.fits.bz2");
        assertThat(SdssFileName.spectrum(411, 51817, 119).fileName()).isEqualTo("spec-0411-51817-0119.fits");
        assertThat(SdssFileName.spectrum(10000, 57346, 2).fileName()).isEqualTo("spec-10000-57346-0002.fits");
        assertThat(SdssFileName.parse("frame-r-002820-3-0122.fits").withCompression(Compression.GZIP).fileName())
                .isEqualTo("frame-r-002820-3-0122.fits.gz");
        assertThat(SdssFileName.lastSegment("a/b\\c/frame-r-002820-3-0122.fits")).isEqualTo(
                "frame-r-002820-3-0122.fits");
        assertThat(SdssFileName.lastSegment(null)).isEmpty();
    }

    @Test
    void shouldRefuseIdsOutOfRange() {
        assertThatThrownBy(() -> SdssFileName.frame("y", 1, 1, 1, Compression.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
        assertThatThrownBy(() -> SdssFileName.frame("r", 1_000_000, 1, 1, Compression.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run");
        assertThatThrownBy(() -> SdssFileName.frame("r", 1, 7, 1, Compression.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("camcol");
        assertThatThrownBy(() -> SdssFileName.frame("r", 1, 1, 10_000, Compression.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field");
        assertThatThrownBy(() -> SdssFileName.spectrum(0, 51817, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plate");
        assertThatThrownBy(() -> SdssFileName.spectrum(411, 51817, 10_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fiber");
        assertThatThrownBy(() -> SdssFileName.spectrum(411, 51817, 1).withCompression(Compression.GZIP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not compressed");
        assertThatThrownBy(() -> new SdssFileName(Kind.FRAME, "r", 1, 1, 1, 411, 0, 0, Compression.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no plate");
    }
}
