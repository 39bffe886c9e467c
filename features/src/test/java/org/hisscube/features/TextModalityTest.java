package org.hisscube.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The text modality: hashed n-grams, the same vector for the same words anywhere, unit length, the mask dropped. */
class TextModalityTest {
    private final TextModality text = new TextModality(256);

    @Test
    void theSameWordsGiveTheSameUnitVectorAndOtherWordsAnother() {
        float[] a = text.embed("A red toy [mask] on the table");
        float[] b = new TextModality(256).embed("a RED toy on the table");
        assertThat(a).hasSize(256).containsExactly(b);
        assertThat(norm(a)).isCloseTo(1.0, within(1e-6));
        float[] c = text.embed("a kitchen [mask] near the window");
        assertThat(cosine(a, c)).isLessThan(0.5);
        assertThat(cosine(a, text.embed("a red toy on the table by the door"))).isGreaterThan(0.6);
    }

    @Test
    void aTextWithoutWordsIsZeroAndTokensAreLowerCaseWithoutTheMask() {
        assertThat(text.embed("[mask] . ,")).containsOnly(0f);
        assertThat(TextModality.tokens("The child's [MASK] is Red!")).containsExactly("the", "child's", "is", "red");
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s / (norm(a) * norm(b));
    }
}
