package org.hisscube.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as a page checker: renders a local page, keeps a screenshot, and returns every
 * message the page wrote to the browser's console (uncaught exceptions included) and every resource it failed to load.
 */
final class HeadlessChromium {
    /** What a render produced. */
    record Render(int exitCode, List<String> consoleErrors, Path screenshot, String log) {
    }

    private HeadlessChromium() {
    }

    static Path binary() {
        for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(b))) {
                return Path.of(b);
            }
        }
        throw new IllegalStateException("no chromium: ./hisscube test installs Debian's chromium "
                + "(scripts/install-test-deps.sh)");
    }

    static Render render(Path page, Path screenshot, Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        List<String> cmd = List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1280,2400", "--screenshot=" + screenshot, page.toUri().toString());
        Path log = profile.resolve("chromium.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish rendering " + page + " in 120 s");
        }
        String text = Files.readString(log);
        List<String> errors = new ArrayList<>();
        for (String line : text.split("\n")) {
            // console messages: "...:INFO:CONSOLE:1] "Uncaught ReferenceError: ...", source: file:///... (1)"; the
            // log does not say console.error from console.log, so every console message counts: our pages log none
            boolean console = line.contains(":CONSOLE") || line.contains("CONSOLE(");
            if (console || line.contains("Failed to load resource") || line.contains("ERR_FILE_NOT_FOUND")) {
                errors.add(line.trim());
            }
        }
        return new Render(p.exitValue(), errors, screenshot, text);
    }
}
