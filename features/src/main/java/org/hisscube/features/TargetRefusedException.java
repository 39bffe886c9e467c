package org.hisscube.features;

import org.hisscube.contracts.CauseCoded;

/**
 * A target that cannot become model input, with a short cause code: {@code missing_object} (no such target file),
 * {@code unreadable} (not a target file), {@code no_bands} (no image planes or spectrum), {@code all_nan} (an image
 * plane or the spectrum without one usable sample). Bad input, not a bug: the service dead-letters it and goes on.
 */
public class TargetRefusedException extends FeaturesException implements CauseCoded {
    private final String causeCode;

    public TargetRefusedException(String causeCode, String message) {
        super(message);
        this.causeCode = causeCode;
    }

    public TargetRefusedException(String causeCode, String message, Throwable cause) {
        super(message, cause);
        this.causeCode = causeCode;
    }

    @Override
    public String causeCode() {
        return causeCode;
    }
}
