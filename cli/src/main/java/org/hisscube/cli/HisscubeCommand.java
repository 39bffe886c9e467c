package org.hisscube.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./hisscube}: the project's front door. */
@Command(name = "hisscube", mixinStandardHelpOptions = true, version = "hisscube 0.1.0",
        description = "HiSS-Cube Streams: SDSS imaging and spectra as a living multi-modal data cube.",
        subcommands = {UpCommand.class, StatusCommand.class, InspectCommand.class, BenchCommand.class, CubeCommand.class,
                SimulateCommand.class, FeaturesCommand.class, TrainCommand.class, ClassifyCommand.class, ExperimentCommand.class,
                CommandLine.HelpCommand.class})
public final class HisscubeCommand implements Runnable {
    /** Kafka's clients print every configuration they are made with at INFO: noise in a terminal (kept referenced). */
    private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // the libraries log through JBoss Logging; its LogManager must be installed before anything logs
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        for (String noisy : new String[] {"org.apache.kafka", "kafka"}) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(noisy);
            l.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(l);
        }
        // jHDF logs every dataset it reads or writes at INFO and warns about its own attributes' padding
        java.util.logging.Logger jhdf = java.util.logging.Logger.getLogger("io.jhdf");
        jhdf.setLevel(java.util.logging.Level.SEVERE);
        QUIET.add(jhdf);
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a failure prints one sentence to stderr and exits 1. */
    static CommandLine commandLine() {
        return new CommandLine(new HisscubeCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("hisscube: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                });
    }
}
