package org.hisscube.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.simulator.SimulationOptions;
import org.hisscube.simulator.SurveyComparison;
import org.hisscube.simulator.SurveyComparison.BandStats;
import org.hisscube.simulator.SurveyComparison.Colours;
import org.hisscube.simulator.SurveyComparison.Side;
import org.hisscube.simulator.SurveySimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hisscube simulate compare}: real and simulated data measured the same way — PNG plots and
 * {@code comparison.json} in one folder.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a simulated survey with the bundled real data: sky level and noise vs flux per band, "
                + "PSF, colour-colour distributions per class, a real and a simulated spectrum and cutout of each "
                + "class. Writes sky-noise.png, colour-colour.png, spectra.png, cutouts.png and comparison.json.")
final class SimulateCompareCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "folder for the plots and comparison.json")
    Path out;

    @Option(names = "--survey", description = "an existing simulated survey (its manifest.json); default: simulate "
            + "--objects N into OUT/survey")
    Path survey;

    @Option(names = "--objects", defaultValue = "240", description = "objects to simulate when no --survey is given "
            + "(default ${DEFAULT-VALUE})")
    int objects;

    @Option(names = "--seed", defaultValue = "1", description = "simulator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--points", defaultValue = "3000", description = "real catalog rows per class in the colour "
            + "plots (default ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--data", description = "the real data folder (default: the repository's data/)")
    Path data;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data != null ? data : RepoLayout.root().resolve("data");
        Files.createDirectories(out);
        System.out.println("[1/4] loading the real data");
        SurveySimulator simulator = SurveySimulator.fromData(dataDir);
        Path simulated = survey;
        if (simulated == null) {
            simulated = out.resolve("survey");
            System.out.printf(Locale.ROOT, "[2/4] simulating %d objects (seed %d) into %s%n", objects, seed,
                    simulated);
            simulator.run(new SimulationOptions(objects, seed, simulated, 8, 1, false,
                    Runtime.getRuntime().availableProcessors(), dataDir), line -> System.out.println("      " + line));
        } else {
            System.out.println("[2/4] using the simulated survey in " + simulated);
        }
        System.out.println("[3/4] measuring both sides the same way");
        Side real = SurveyComparison.real(simulator.real(), simulator.catalog(), points);
        Map<String, Double> matchR = new LinkedHashMap<>();
        real.cutouts().forEach((cls, c) -> matchR.put(cls, c.rMagnitude()));
        Side sim = SurveyComparison.simulated(simulated, matchR);
        System.out.println("[4/4] writing plots and comparison.json to " + out);
        ComparisonPlots.skyAndNoise(real, sim, out.resolve("sky-noise.png"));
        ComparisonPlots.colourColour(real, sim, out.resolve("colour-colour.png"));
        ComparisonPlots.spectra(real, sim, out.resolve("spectra.png"));
        ComparisonPlots.cutouts(real, sim, out.resolve("cutouts.png"));
        Map<String, Object> json = json(real, sim, simulated);
        Files.writeString(out.resolve("comparison.json"), JsonOut.format(json));
        print(real, sim);
        return 0;
    }

    private static Map<String, Object> json(Side real, Side sim, Path survey) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("simulated_survey", survey.toString());
        root.put("simulator_version", SurveySimulator.VERSION);
        Map<String, Object> bands = new LinkedHashMap<>();
        for (String b : List.of("u", "g", "r", "i", "z")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("real", band(real.bands().get(b)));
            row.put("simulated", band(sim.bands().get(b)));
            bands.put(b, row);
        }
        root.put("bands", bands);
        Map<String, Object> colours = new LinkedHashMap<>();
        for (String cls : List.of("STAR", "GALAXY", "QSO")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("real_catalog", colourSummary(real.colours().get(cls)));
            row.put("simulated_truth", colourSummary(sim.colours().get(cls)));
            row.put("simulated_measured", colourSummary(sim.measuredColours().get(cls)));
            colours.put(cls, row);
        }
        root.put("colours", colours);
        root.put("colour_aperture_radius_arcsec", SurveyComparison.COLOUR_APERTURE_ARCSEC);
        Map<String, Object> spectra = new LinkedHashMap<>();
        for (String cls : List.of("STAR", "GALAXY", "QSO")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("real", spectrum(real.spectra().get(cls)));
            row.put("simulated", spectrum(sim.spectra().get(cls)));
            spectra.put(cls, row);
        }
        root.put("spectra", spectra);
        Map<String, Object> cutouts = new LinkedHashMap<>();
        for (String cls : List.of("STAR", "GALAXY", "QSO")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("real", real.cutouts().containsKey(cls) ? real.cutouts().get(cls).label() : null);
            row.put("simulated", sim.cutouts().containsKey(cls) ? sim.cutouts().get(cls).label() : null);
            cutouts.put(cls, row);
        }
        root.put("cutouts", cutouts);
        root.put("plots", List.of("sky-noise.png", "colour-colour.png", "spectra.png", "cutouts.png"));
        return root;
    }

    private static Map<String, Object> band(BandStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frame", s.frame());
        m.put("sky_nmgy_per_pixel", s.skyNmgyPerPixel());
        m.put("noise_measured_nmgy", s.noiseMeasuredNmgy());
        m.put("noise_model_nmgy", s.noiseModelNmgy());
        m.put("psf_fwhm_arcsec", s.psfFwhmArcsec());
        m.put("psf_stars", s.psfStars());
        m.put("flux_bin_centres_nmgy", s.fluxBinCentres());
        m.put("median_sigma_by_flux_nmgy", java.util.Arrays.stream(s.sigmaByFlux())
                .mapToObj(v -> Double.isFinite(v) ? (Object) v : null).toList());
        return m;
    }

    private static Map<String, Object> colourSummary(Colours c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source());
        m.put("n", c.size());
        for (String colour : List.of("u-g", "g-r", "r-i", "i-z")) {
            double[] v = java.util.Arrays.stream(ComparisonPlots.pick(c, colour)).filter(Double::isFinite).sorted()
                    .toArray();
            if (v.length == 0) {
                continue;
            }
            m.put(colour, Map.of("p16", v[(int) (0.16 * (v.length - 1))], "median", v[(v.length - 1) / 2],
                    "p84", v[(int) (0.84 * (v.length - 1))]));
        }
        return m;
    }

    private static Map<String, Object> spectrum(SurveyComparison.Spectrum s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file());
        m.put("z", s.z());
        m.put("median_snr", s.medianSignalToNoise());
        m.put("covered_fraction", s.coveredFraction());
        return m;
    }

    private static void print(Side real, Side sim) {
        System.out.println();
        System.out.println("  band  sky nmgy/px real  sim    noise real (MAD)  sim (MAD)  sim model   PSF FWHM\" real"
                + "  sim");
        for (String b : List.of("u", "g", "r", "i", "z")) {
            BandStats r = real.bands().get(b);
            BandStats s = sim.bands().get(b);
            System.out.printf(Locale.ROOT, "  %-4s  %14.4f  %6.4f  %16.4f  %9.4f  %9.4f  %14.2f  %4.2f%n", b,
                    r.skyNmgyPerPixel(), s.skyNmgyPerPixel(), r.noiseMeasuredNmgy(), s.noiseMeasuredNmgy(),
                    s.noiseModelNmgy(), r.psfFwhmArcsec(), s.psfFwhmArcsec());
        }
        System.out.println("  class   colour  real catalog median  simulated measured median  (n real / n sim)");
        for (String cls : List.of("STAR", "GALAXY", "QSO")) {
            for (String colour : List.of("u-g", "g-r", "r-i", "i-z")) {
                System.out.printf(Locale.ROOT, "  %-6s  %-6s  %19.3f  %25.3f  (%d / %d)%n", cls, colour,
                        median(ComparisonPlots.pick(real.colours().get(cls), colour)),
                        median(ComparisonPlots.pick(sim.measuredColours().get(cls), colour)),
                        real.colours().get(cls).size(), sim.measuredColours().get(cls).size());
            }
        }
    }

    private static double median(double[] v) {
        double[] s = java.util.Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        return s.length == 0 ? Double.NaN : s[(s.length - 1) / 2];
    }
}
