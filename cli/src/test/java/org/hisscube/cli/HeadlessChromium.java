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
        return render(page.toUri().toString(), screenshot, profile, 0);
    }

    /**
     * Renders a page by URL; with {@code virtualTimeMs > 0} the page's scripts (fetches, timers) run for that much
     * virtual time before the screenshot.
     */
    static Render render(String url, Path screenshot, Path profile, int virtualTimeMs)
            throws IOException, InterruptedException {
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1280,2400", "--screenshot=" + screenshot));
        if (virtualTimeMs > 0) {
            cmd.add("--virtual-time-budget=" + virtualTimeMs);
        }
        cmd.add(url);
        Path log = profile.resolve("chromium.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish rendering " + url + " in 120 s");
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

    /** The page's DOM after its scripts ran for {@code virtualTimeMs} of virtual time (chromium --dump-dom). */
    static String dom(String url, Path profile, int virtualTimeMs) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        List<String> cmd = List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=" + virtualTimeMs,
                "--dump-dom", url);
        Path dom = profile.resolve("dom.html");
        Process p = new ProcessBuilder(cmd).redirectError(profile.resolve("dom.log").toFile())
                .redirectOutput(dom.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not dump " + url + " in 120 s");
        }
        return Files.readString(dom);
    }
}
