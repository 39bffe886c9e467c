package org.hisscube.cube.streams;

import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.SpectrumIngested;

/**
 * What travels on the linker's repartition topic, keyed by HEALPix order-10 cell: one frame (once per cell it covers)
 * or one spectrum (in the cell of its target), or a dead letter for an unreadable event.
 */
public record LinkItem(FrameIngested frame, SpectrumIngested spectrum, Outgoing deadLetter) {
    /** Order of the cells the index and the repartitioning use. */
    public static final int CELL_ORDER = 10;

    public static LinkItem of(FrameIngested f) {
        return new LinkItem(f, null, null);
    }

    public static LinkItem of(SpectrumIngested s) {
        return new LinkItem(null, s, null);
    }

    public static LinkItem deadLetter(Outgoing o) {
        return new LinkItem(null, null, o);
    }

    /** The order-10 cell that holds an order-15 (target) cell: nested ids drop two bits per order. */
    public static long cellOf(long healpix15) {
        return healpix15 >> (2 * (15 - CELL_ORDER));
    }
}
