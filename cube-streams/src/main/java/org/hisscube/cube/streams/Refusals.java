package org.hisscube.cube.streams;

import org.hisscube.contracts.json.MalformedEventException;

/**
 * Which failures are the input's fault. Only these go to a dead-letter topic: an event that is not the event its
 * topic carries ({@link MalformedEventException}) and a file or event wrong for good ({@link RefusedInputException}).
 * Everything else — an outage that outlasted its retries, a programming error such as a NullPointerException — stops
 * the processing of the record loudly (the stream thread fails, the transaction is aborted, nothing is committed)
 * and is handled by {@link StreamFailurePolicy}.
 */
final class Refusals {
    private Refusals() {
    }

    static boolean isRefusal(Throwable e) {
        return e instanceof MalformedEventException || e instanceof RefusedInputException;
    }
}
