package org.hisscube.contracts.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"raw/eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2",
        "cube/targets/4657128951/v1.h5", "a"})
    void shouldAcceptRelativeKeysInsideTheBucket(String key) {
        assertThat(ObjectKeys.require(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "raw/../../x", "/abs/path", "raw//x", "raw/./x", "raw/x/", "a\\b",
        "raw/\u0000x", "raw/\nx", ""})
    void shouldRefuseKeysThatCouldEscapeOrConfuse(String key) {
        assertThatThrownBy(() -> ObjectKeys.require(key)).isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageStartingWith("invalid object key");
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 5000})
    void shouldRefuseOverlongKeys(int length) {
        assertThatThrownBy(() -> ObjectKeys.require("k".repeat(length))).hasMessageContaining("longer than 1024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "raw/"})
    void shouldJoinPrefixAndPath(String prefix) {
        assertThat(ObjectKeys.join(prefix, "sdss/x.fits")).isEqualTo("raw/sdss/x.fits");
    }
}
