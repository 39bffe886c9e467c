package org.hisscube.sdss;

/**
 * A name is not an SDSS frame or spectrum file name ({@value SdssFileName#GRAMMAR}). The only exception of this
 * module; an {@link IllegalArgumentException} because the name is an argument, and it carries the name and the
 * reason. The message names both.
 */
public class InvalidSdssFileNameException extends IllegalArgumentException {
    private final String name;
    private final String reason;

    public InvalidSdssFileNameException(String name, String reason) {
        super("'" + name + "' is not an SDSS file name (" + SdssFileName.GRAMMAR + "): " + reason);
        this.name = name;
        this.reason = reason;
    }

    /** The refused name, as given (may be null). */
    public String name() {
        return name;
    }

    /** What is wrong with it. */
    public String reason() {
        return reason;
    }
}
