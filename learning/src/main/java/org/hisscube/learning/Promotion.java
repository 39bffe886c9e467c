package org.hisscube.learning;

import java.util.Locale;
import java.util.Optional;

/**
 * The rule for a new model version: it goes live when there is no live version of its kind and zoom, or when its
 * validation macro-F1 is at least the live one's minus the tolerance. Both scores are on the validation split of the
 * data each was trained with — the split is a fixed function of the target id, so the split only grows.
 */
public record Promotion(boolean goesLive, String reason) {

    public static Promotion decide(double candidateF1, Optional<LiveModels.Live> live, double tolerance) {
        if (live.isEmpty()) {
            return new Promotion(true, String.format(Locale.ROOT, "first version (validation macro-F1 %.4f)",
                    candidateF1));
        }
        double bar = live.get().validationMacroF1() - tolerance;
        if (candidateF1 >= bar) {
            return new Promotion(true, String.format(Locale.ROOT, "validation macro-F1 %.4f >= %.4f (live %s %.4f "
                    + "minus tolerance %.4f)", candidateF1, bar, live.get().modelId(), live.get().validationMacroF1(),
                    tolerance));
        }
        return new Promotion(false, String.format(Locale.ROOT, "validation macro-F1 %.4f < %.4f (live %s %.4f minus "
                + "tolerance %.4f): kept the live version", candidateF1, bar, live.get().modelId(),
                live.get().validationMacroF1(), tolerance));
    }
}
