package org.hisscube.simulator;

import java.util.SplittableRandom;

/**
 * The shape of a simulated galaxy from its real magnitudes and redshift — a documented relation, not a fit:
 * <ul>
 *   <li>profile: de Vaucouleurs (Sérsic n = 4) where u − r ≥ 2.22, the colour separator of early and late types of
 *       Strateva et al. (2001, AJ 122, 1861); an exponential disk (n = 1) otherwise;</li>
 *   <li>size: physical half-light radius R = R₀ (L/L*)^β with L/L* = 10^(−0.4 (M_r + 21)), R₀ = 4 kpc, β = 0.25 for
 *       disks and R₀ = 3 kpc, β = 0.55 for spheroids (the shapes of the size–luminosity relations of Shen et al.
 *       2003, MNRAS 343, 978), with 0.15 dex log-normal scatter; M_r = r − 5 log₁₀(D_L / 10 pc), no k-correction;
 *       angular size R / D_A; flat ΛCDM with H₀ = 70 km/s/Mpc, Ω_m = 0.3; redshifts below 0.005 are taken as 0.005;
 *       the angular radius is kept within [0.2″, 20″];</li>
 *   <li>axis ratio b/a uniform in [0.2, 1] for disks and [0.5, 1] for spheroids; position angle uniform.</li>
 * </ul>
 */
final class GalaxyShapes {
    static final double H0 = 70;
    static final double OMEGA_M = 0.3;
    static final double C_KM_S = 299_792.458;
    static final double MIN_Z = 0.005;

    record Shape(String profile, double halfLightArcsec, double axisRatio, double positionAngle) {
    }

    private GalaxyShapes() {
    }

    static Shape draw(double u, double r, double z, SplittableRandom random) {
        boolean spheroid = u - r >= 2.22;
        double zz = Math.max(MIN_Z, z);
        double dl = luminosityDistanceMpc(zz);
        double absR = r - 5 * Math.log10(dl * 1e6 / 10);
        double lum = Math.pow(10, -0.4 * (absR + 21));
        double r0 = spheroid ? 3.0 : 4.0;
        double beta = spheroid ? 0.55 : 0.25;
        double kpc = r0 * Math.pow(lum, beta) * Math.pow(10, 0.15 * random.nextGaussian());
        double da = dl / ((1 + zz) * (1 + zz));
        double arcsec = Math.toDegrees(kpc / (da * 1000)) * 3600;
        arcsec = Math.min(20, Math.max(0.2, arcsec));
        double q = spheroid ? 0.5 + 0.5 * random.nextDouble() : 0.2 + 0.8 * random.nextDouble();
        double pa = 180 * random.nextDouble();
        return new Shape(spheroid ? "dev" : "exp", arcsec, q, pa);
    }

    /** D_L in Mpc, flat ΛCDM, Simpson's rule over 512 steps in z. */
    static double luminosityDistanceMpc(double z) {
        int n = 512;
        double h = z / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double zi = i * h;
            double e = 1 / Math.sqrt(OMEGA_M * Math.pow(1 + zi, 3) + (1 - OMEGA_M));
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * e;
        }
        double comoving = C_KM_S / H0 * sum * h / 3;
        return (1 + z) * comoving;
    }
}
