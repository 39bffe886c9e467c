package org.hisscube.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The promotion rule: a new version goes live only when it is not worse on validation than the live one. */
class PromotionTest {
    static final Optional<LiveModels.Live> LIVE = Optional.of(new LiveModels.Live("fused-z2-v3", 3, 0.80, 7));

    @Test
    void theFirstVersionGoesLive() {
        assertThat(Promotion.decide(0.1, Optional.empty(), 0).goesLive()).isTrue();
    }

    @Test
    void aVersionAsGoodOrBetterGoesLiveAndAWorseOneDoesNot() {
        assertThat(Promotion.decide(0.80, LIVE, 0).goesLive()).isTrue();
        assertThat(Promotion.decide(0.81, LIVE, 0).goesLive()).isTrue();
        Promotion worse = Promotion.decide(0.79, LIVE, 0);
        assertThat(worse.goesLive()).isFalse();
        assertThat(worse.reason()).contains("kept the live version", "fused-z2-v3", "0.7900", "0.8000");
    }

    @Test
    void theToleranceLetsASlightlyWorseVersionThrough() {
        assertThat(Promotion.decide(0.79, LIVE, 0.02).goesLive()).isTrue();
        assertThat(Promotion.decide(0.77, LIVE, 0.02).goesLive()).isFalse();
    }
}
