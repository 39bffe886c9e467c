package org.hisscube.simulator;

import java.util.SplittableRandom;

/**
 * Every random stream of a simulation derives from the user's seed and the stream's coordinates (what it is for, the
 * field, the epoch, the band), never from the order in which threads happen to run: the same seed and arguments give
 * byte-identical files on any number of threads.
 */
final class Seeds {
    static final long FIELD_LAYOUT = 1;
    static final long FRAME_NOISE = 2;
    static final long SPECTRUM = 3;
    static final long SHAPES = 4;
    static final long CATALOG = 5;

    private Seeds() {
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static SplittableRandom random(long seed, long purpose, long... coordinates) {
        long h = mix(seed ^ mix(purpose * 0x9E3779B97F4A7C15L));
        for (long c : coordinates) {
            h = mix(h ^ mix(c + 0x632BE59BD9B4E019L));
        }
        return new SplittableRandom(h);
    }
}
