package org.hisscube.science.photometry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.hisscube.science.ScienceException;

/**
 * A filter transmission curve T(λ): samples (λ [Å], T), linearly interpolated between samples and 0 outside them.
 * The SDSS ugriz curves are the resources {@code /org/hisscube/science/calib/SLOAN_SDSS.<f>.dat} (the SVO Filter
 * Profile Service curves that HiSS-Cube bundles, byte-identical to data/sdss-calib/: two whitespace-separated
 * columns λ[Å] and T, sampled every 25 Å). Immutable.
 */
public final class FilterCurve {
    private static final String RESOURCE = "/org/hisscube/science/calib/SLOAN_SDSS.%s.dat";
    private static final Map<String, FilterCurve> SDSS = new ConcurrentHashMap<>();

    private final String name;
    private final double[] lambda;
    private final double[] transmission;

    /**
     * @throws IllegalArgumentException when the arrays differ in length, have fewer than 2 samples, λ is not finite and
     *                                  strictly increasing, or T is negative or not finite
     */
    public FilterCurve(String name, double[] lambda, double[] transmission) {
        this.name = Objects.requireNonNull(name, "name");
        if (lambda.length < 2 || transmission.length != lambda.length) {
            throw new IllegalArgumentException(name + ": need ≥ 2 samples of equal length, got " + lambda.length + "/"
                    + transmission.length);
        }
        this.lambda = lambda.clone();
        this.transmission = transmission.clone();
        for (int i = 0; i < lambda.length; i++) {
            if (!Double.isFinite(this.lambda[i]) || this.lambda[i] <= 0
                    || (i > 0 && !(this.lambda[i] > this.lambda[i - 1]))) {
                throw new IllegalArgumentException(name + ": wavelengths must be finite, > 0 and increasing (at " + i
                        + ")");
            }
            if (!Double.isFinite(this.transmission[i]) || this.transmission[i] < 0) {
                throw new IllegalArgumentException(name + ": bad transmission " + this.transmission[i] + " at " + i);
            }
        }
    }

    /** The SDSS curve of filter u, g, r, i or z (read once, then cached). */
    public static FilterCurve sdss(String filter) {
        Objects.requireNonNull(filter, "filter");
        if (filter.length() != 1 || "ugriz".indexOf(filter.charAt(0)) < 0) {
            throw new IllegalArgumentException("not an SDSS filter: '" + filter + "'");
        }
        return SDSS.computeIfAbsent(filter, FilterCurve::load);
    }

    private static FilterCurve load(String filter) {
        String path = String.format(RESOURCE, filter);
        try (InputStream in = FilterCurve.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new ScienceException("filter curve resource " + path + " not found");
            }
            return parse("SDSS " + filter, in);
        } catch (IOException e) {
            throw new ScienceException("cannot read filter curve " + path + ": " + e, e);
        }
    }

    /** Parses two whitespace-separated columns λ[Å] T; blank lines and lines starting with # are skipped. */
    public static FilterCurve parse(String name, InputStream in) throws IOException {
        List<double[]> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            if (parts.length < 2) {
                throw new ScienceException(name + " line " + n + ": expected 2 columns: '" + t + "'");
            }
            try {
                rows.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
            } catch (NumberFormatException e) {
                throw new ScienceException(name + " line " + n + ": not a number: '" + t + "'", e);
            }
        }
        double[] l = new double[rows.size()];
        double[] tr = new double[rows.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = rows.get(i)[0];
            tr[i] = rows.get(i)[1];
        }
        try {
            return new FilterCurve(name, l, tr);
        } catch (IllegalArgumentException e) {
            throw new ScienceException(e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** First sample wavelength, Å. */
    public double minLambda() {
        return lambda[0];
    }

    /** Last sample wavelength, Å. */
    public double maxLambda() {
        return lambda[lambda.length - 1];
    }

    /** Sample wavelengths, Å (a copy). */
    public double[] lambda() {
        return lambda.clone();
    }

    /** Sample transmissions (a copy). */
    public double[] transmission() {
        return transmission.clone();
    }

    /** T(λ): linear interpolation, 0 outside the sampled range. */
    public double at(double lam) {
        if (!(lam >= lambda[0]) || !(lam <= lambda[lambda.length - 1])) {
            return 0.0;
        }
        int lo = 0;
        int hi = lambda.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (lambda[mid] <= lam) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double t = (lam - lambda[lo]) / (lambda[hi] - lambda[lo]);
        return transmission[lo] + t * (transmission[hi] - transmission[lo]);
    }

    /**
     * ∫ T(λ)·λ^p dλ over the curve, exactly for the piecewise-linear T (closed form per segment), p = 1 or −1 (the
     * photon-counting weights).
     */
    public double integralTimesPower(int p) {
        double sum = 0;
        for (int i = 1; i < lambda.length; i++) {
            double a = lambda[i - 1];
            double b = lambda[i];
            double ta = transmission[i - 1];
            double tb = transmission[i];
            double slope = (tb - ta) / (b - a);
            double c0 = ta - slope * a; // T = c0 + slope·λ on [a, b]
            if (p == 1) {
                sum += c0 * (b * b - a * a) / 2 + slope * (b * b * b - a * a * a) / 3;
            } else if (p == -1) {
                sum += c0 * Math.log(b / a) + slope * (b - a);
            } else {
                throw new IllegalArgumentException("p must be 1 or -1: " + p);
            }
        }
        return sum;
    }

    /**
     * The pivot wavelength √(∫Tλ dλ / ∫T/λ dλ), Å: the λ at which a photon-counting synthetic f_ν and the matching
     * band-averaged f_λ convert into each other exactly (f_λ = f_ν·c/λp²). SDSS r: ≈ 6176 Å, g ≈ 4702 Å for these
     * curves.
     */
    public double pivotWavelength() {
        return Math.sqrt(integralTimesPower(1) / integralTimesPower(-1));
    }

    @Override
    public String toString() {
        return "FilterCurve[" + name + ", " + lambda[0] + ".." + lambda[lambda.length - 1] + " Å, " + lambda.length
                + " samples]";
    }
}
