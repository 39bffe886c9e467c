package org.hisscube.science.spectrum;

/**
 * The HiSS-Cube wavelength grid: {@value #SIZE} samples linear in λ from {@value #LAMBDA_MIN} Å to
 * {@value #LAMBDA_MAX} Å inclusive, so {@link #STEP} = (λmax − λmin)/4619 ≈ 1.0987 Å. Sample i is at
 * λmin + i·(λmax − λmin)/4619 (exactly λmax for the last one).
 *
 * <p>Bins: sample i stands for the interval between the midpoints to its neighbours; the first and last bins extend
 * half a step outside the first and last sample, so all {@value #SIZE} bins have the same width {@link #STEP} and
 * the {@value #SIZE}+1 edges run from λmin − STEP/2 to λmax + STEP/2.
 *
 * <p>Wavelengths are the same (vacuum) wavelengths as SDSS's loglam; no air/vacuum conversion is done.
 */
public final class HissGrid {
    /** Number of samples at zoom 0. */
    public static final int SIZE = 4620;
    /** First sample, Å. */
    public static final double LAMBDA_MIN = 3839.7244;
    /** Last sample, Å. */
    public static final double LAMBDA_MAX = 8914.597;
    /** Sample spacing and bin width, Å. */
    public static final double STEP = (LAMBDA_MAX - LAMBDA_MIN) / (SIZE - 1);

    private HissGrid() {
    }

    /** Wavelength of sample i (0 ≤ i < {@value #SIZE}), Å. */
    public static double wavelength(int i) {
        if (i < 0 || i >= SIZE) {
            throw new IndexOutOfBoundsException("sample " + i + " outside 0.." + (SIZE - 1));
        }
        return i == SIZE - 1 ? LAMBDA_MAX : LAMBDA_MIN + (LAMBDA_MAX - LAMBDA_MIN) * i / (SIZE - 1);
    }

    /** All {@value #SIZE} sample wavelengths, Å (a new array). */
    public static double[] wavelengths() {
        double[] w = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            w[i] = wavelength(i);
        }
        return w;
    }

    /** The {@value #SIZE}+1 bin edges, Å (a new array): midpoints between samples, half a step beyond both ends. */
    public static double[] edges() {
        return edgesOf(wavelengths());
    }

    /**
     * Edges of bins centred on the given strictly increasing sample positions: midpoints between neighbours, and
     * half the neighbouring spacing beyond the first and last sample.
     */
    public static double[] edgesOf(double[] centres) {
        int n = centres.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 samples, got " + n);
        }
        double[] e = new double[n + 1];
        for (int i = 1; i < n; i++) {
            e[i] = 0.5 * (centres[i - 1] + centres[i]);
        }
        e[0] = centres[0] - 0.5 * (centres[1] - centres[0]);
        e[n] = centres[n - 1] + 0.5 * (centres[n - 1] - centres[n - 2]);
        for (int i = 1; i <= n; i++) {
            if (!(e[i] > e[i - 1])) {
                throw new IllegalArgumentException("sample positions must be finite and strictly increasing (at "
                        + (i - 1) + ")");
            }
        }
        return e;
    }
}
