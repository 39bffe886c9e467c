package org.hisscube.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hisscube.science.cube.CubeBuild;
import org.hisscube.science.cube.Refusal;
import org.hisscube.science.cube.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hisscube cube build INPUT_DIR --out FILE.h5 [--zooms 4]}: the cube export from local files, no services. */
@Command(name = "cube", mixinStandardHelpOptions = true, description = "Build the HiSS-Cube data cube.",
        subcommands = {CubeCommand.Build.class})
final class CubeCommand {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Link local SDSS frames (frame-*.fits[.bz2]) and spectra (spec-*.fits), found recursively "
                    + "under INPUT_DIR, into targets and write one HDF5 file in HiSS-Cube's layout "
                    + "(dense_cube/<zoom>/ml_image, ml_spectrum; index/; refusals/).")
    static final class Build implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "INPUT_DIR", description = "folder with the FITS files")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "FILE.h5", description = "the export to write")
        Path out;

        @Option(names = "--zooms", defaultValue = "4", paramLabel = "N",
                description = "number of zooms, 1..4 (default ${DEFAULT-VALUE})")
        int zooms;

        @Override
        public Integer call() {
            CubeBuild.Summary s = CubeBuild.run(input, out, zooms, line -> {
                System.out.println(line);
                System.out.flush();
            });
            System.out.println();
            System.out.printf(Locale.ROOT, "cube %s: %d bytes, %d zoom(s), %.1f s%n", s.out(), s.bytes(), s.zooms(),
                    s.seconds());
            System.out.printf(Locale.ROOT, "  %-10s %d%n", "frames", s.frameFiles().size());
            System.out.printf(Locale.ROOT, "  %-10s %d%n", "spectra", s.spectrumFiles().size());
            System.out.printf(Locale.ROOT, "  %-10s %d%n", "targets", s.targets().size());
            for (Map.Entry<String, Integer> e : s.targetsPerClass().entrySet()) {
                System.out.printf(Locale.ROOT, "    %-8s %d%n", e.getKey(), e.getValue());
            }
            System.out.printf(Locale.ROOT, "  %-10s %d%n", "refused", s.refusals().size());
            System.out.printf(Locale.ROOT, "  %-10s %d%n", "skipped", s.skipped().size());
            if (!s.targets().isEmpty()) {
                System.out.println();
                System.out.println("targets:");
                for (Target t : s.targets()) {
                    System.out.printf(Locale.ROOT, "  %d  ra %.6f dec %.6f  %s  z %.5f  %d frame(s), %d spectra%n",
                            t.id(), t.ra(), t.dec(), t.objectClass().trim(), t.redshift(), t.frameFiles().size(),
                            t.spectrumFiles().size());
                    for (String n : t.notes()) {
                        System.out.println("      note: " + n);
                    }
                }
            }
            if (!s.refusals().isEmpty()) {
                System.out.println();
                System.out.println("refused (no target):");
                for (Refusal r : s.refusals()) {
                    System.out.printf(Locale.ROOT, "  %d  ra %.6f dec %.6f  %s%n", r.targetId(), r.ra(), r.dec(),
                            String.join(", ", r.spectrumFiles()));
                    for (String reason : r.reasons()) {
                        System.out.println("      " + reason);
                    }
                }
            }
            if (!s.skipped().isEmpty()) {
                System.out.println();
                System.out.println("skipped files:");
                for (String k : s.skipped()) {
                    System.out.println("  " + k);
                }
            }
            return 0;
        }
    }
}
