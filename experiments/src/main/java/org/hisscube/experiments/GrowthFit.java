package org.hisscube.experiments;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A stage's wall time as a power of the data size, {@code seconds = a · N^b}, fitted by least squares in log-log
 * space: b ≈ 1 is linear growth, b &lt; 1 a fixed cost being amortised, b &gt; 1 super-linear. With two sizes the fit
 * passes through both points exactly (and says so: r² is NaN).
 */
public record GrowthFit(String stage, double a, double b, double r2, int points) {
    public static GrowthFit of(String stage, double[] sizes, double[] seconds) {
        if (sizes.length != seconds.length || sizes.length < 2) {
            throw new ExperimentException(stage + ": a growth fit needs at least two sizes, not " + sizes.length);
        }
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0 || seconds[i] <= 0) {
                throw new ExperimentException(stage + ": sizes and times must be positive");
            }
            r.addData(Math.log(sizes[i]), Math.log(seconds[i]));
        }
        return new GrowthFit(stage, Math.exp(r.getIntercept()), r.getSlope(), sizes.length > 2 ? r.getRSquare()
                : Double.NaN, sizes.length);
    }

    /** Predicted seconds at size n. */
    public double seconds(double n) {
        return a * Math.pow(n, b);
    }
}
