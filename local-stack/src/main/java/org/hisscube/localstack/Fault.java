package org.hisscube.localstack;

/** What the SAS mirror does wrong on one request, for fault tests. */
public sealed interface Fault {
    /** Serve the file properly. */
    Fault NONE = new None();

    record None() implements Fault {
    }

    /** Answer with this HTTP status and no body (e.g. 500, 503, 404). */
    record Status(int code) implements Fault {
    }

    /** Announce the full length, send this many bytes, then drop the connection (a reset / truncated transfer). */
    record DropAfter(long bytes) implements Fault {
    }

    /** Send this many bytes, then go silent for the given milliseconds (a stalled transfer). */
    record StallAfter(long bytes, long millis) implements Fault {
    }

    /** Send the body at this rate (bytes per second). */
    record Slow(long bytesPerSecond) implements Fault {
    }

    /** Send a body of the right length whose bytes are wrong (every byte XOR 0x5a after the first 16). */
    record WrongBody() implements Fault {
    }

    /** Decides the fault of each request: the SAS path asked for and how many times it was asked before (0-based). */
    @FunctionalInterface
    interface Plan {
        Fault decide(String path, int previousRequests, boolean rangeRequest);
    }
}
