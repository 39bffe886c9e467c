package org.hisscube.science.cutout;

import org.hisscube.science.ScienceException;

/** Thrown by {@link CutoutResult#orElseThrow()} when there is no cutout; carries the refusal. */
public class CutoutRefusedException extends ScienceException {
    private final transient CutoutRefusal refusal;

    public CutoutRefusedException(CutoutRefusal refusal) {
        super(refusal.reason() + ": " + refusal.message());
        this.refusal = refusal;
    }

    public CutoutRefusal refusal() {
        return refusal;
    }
}
