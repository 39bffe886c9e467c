package org.hisscube.contracts;

/** An error that knows a short, low-cardinality cause code (http_404, checksum_mismatch, …) for metrics and DLQs. */
public interface CauseCoded {
    String causeCode();
}
