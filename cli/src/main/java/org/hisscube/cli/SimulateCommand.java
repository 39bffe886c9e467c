package org.hisscube.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hisscube.simulator.SimulationOptions;
import org.hisscube.simulator.SurveySimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hisscube simulate}: an SDSS-like survey of any size, grounded in the bundled real data. */
@Command(name = "simulate", mixinStandardHelpOptions = true, subcommands = {SimulateBenchmark.class, SimulateCompareCommand.class},
        description = "Write a simulated SDSS-like survey in the DR17 SAS layout: five frames per field (and epoch), "
                + "a spec-lite file per object, catalog.csv (SkyServer columns) and manifest.json (the truth). "
                + "Objects are real catalog rows (one key in ten held out); format, calibration, sky, PSF and "
                + "spectral shapes come from the real files in data/.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--objects", description = "number of objects (each: five bands and a spectrum)")
    Integer objects;

    @Option(names = "--seed", defaultValue = "1", description = "seed; the same seed and options give byte-identical "
            + "files (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "output folder (the SAS root of the simulated survey)")
    Path out;

    @Option(names = "--per-field", defaultValue = "8", description = "objects per field, 1-40 (default ${DEFAULT-VALUE})")
    int perField;

    @Option(names = "--overlap", defaultValue = "0", description = "fraction of a frame's RA extent that neighbouring "
            + "fields of a row share, 0-0.5 (SDSS fields overlap by about 0.1); objects there are on both fields' frames "
            + "(default ${DEFAULT-VALUE}: no overlap)")
    double overlap;

    @Option(names = "--epochs", defaultValue = "1", description = "imaging epochs per field (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--compress", defaultValue = "bz2", description = "frames as bz2 (.fits.bz2, as the SAS serves "
            + "them) or none (.fits); default ${DEFAULT-VALUE}")
    String compress;

    @Option(names = "--threads", description = "fields simulated at once (default: the number of cores)")
    Integer threads;

    @Option(names = "--data", description = "the real data folder (default: the repository's data/)")
    Path data;

    @Override
    public Integer call() {
        if (objects == null || out == null) {
            throw new IllegalArgumentException("simulate needs --objects N and --out DIR (or a subcommand: bench, compare)");
        }
        if (!compress.equals("bz2") && !compress.equals("none")) {
            throw new IllegalArgumentException("--compress must be bz2 or none, not " + compress);
        }
        Path dataDir = data != null ? data : RepoLayout.root().resolve("data");
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        SimulationOptions options = new SimulationOptions(objects, seed, out, perField, epochs,
                compress.equals("bz2"), workers, dataDir, overlap);
        System.out.printf(Locale.ROOT, "simulate: %d objects in %d fields x %d epoch(s), seed %d, %s frames, "
                + "%d threads -> %s%n", objects, options.fields(), epochs, seed, compress, workers, out);
        SurveySimulator simulator = SurveySimulator.fromData(dataDir);
        System.out.printf(Locale.ROOT, "simulate: PSF FWHM measured on the real frames (arcsec): %s; %d usable "
                + "catalog rows, %d held out%n", simulator.real().psfFwhmArcsec().entrySet().stream()
                        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.2f", e.getValue())).toList(),
                simulator.catalog().rows().size(), simulator.catalog().heldOut());
        SurveySimulator.Summary s = simulator.run(options, System.out::println);
        System.out.printf(Locale.ROOT, "simulate: wrote %d frames and %d spectra (%.1f MB) in %.1f s: %.1f objects/s, "
                + "%.2f frames/s; catalog %s, manifest %s%n", s.frames(), s.spectra(), s.bytes() / 1e6, s.seconds(),
                s.objects() / s.seconds(), s.frames() / s.seconds(), s.catalog(), s.manifest());
        return 0;
    }
}
