package org.hisscube.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers to run the servers as child JVMs: class paths from local-runtimes, free ports, clean stops. */
final class Processes {
    private Processes() {
    }

    /** The java launcher of the running JVM, so child servers run on the same Java. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A class path recorded by the local-runtimes module; every entry must exist. */
    static String runtimeClasspath(String name) {
        String resource = "hisscube/runtime/" + name + ".classpath";
        try (InputStream in = Processes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalStackException("resource " + resource + " is missing: build the local-runtimes module"
                        + " first (mvn -DskipTests install)");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> missing = Arrays.stream(cp.split(java.io.File.pathSeparator))
                    .filter(p -> !Files.exists(Path.of(p))).toList();
            if (!missing.isEmpty()) {
                throw new LocalStackException("the " + name + " class path names files that are not there (was ~/.m2"
                        + " cleaned? run mvn -DskipTests install): " + missing);
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    /**
     * A TCP port free on the loopback interface right now, and never one this JVM handed out before (servers started
     * in parallel must not be given the same port before either binds it).
     */
    static synchronized int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new LocalStackException("no free port on loopback", e);
            }
        }
        throw new LocalStackException("no fresh free port on loopback after 50 tries");
    }

    static Process start(List<String> command, Path workDir, Path logFile) {
        try {
            Files.createDirectories(workDir);
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            return pb.start();
        } catch (IOException e) {
            throw new LocalStackException("cannot start " + command.get(command.size() - 1) + ": " + e.getMessage(), e);
        }
    }

    /** SIGTERM, wait for a clean shutdown, and only then kill. */
    static void stop(Process process, long gracefulSeconds) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(gracefulSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of a log file, to explain a failed start. */
    static String tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }
}
