package org.hisscube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page checker the report test relies on sees a script error and a console error (the report logs one for a plot
 * that fails to load), and passes a clean page.
 */
class HeadlessChromiumIT {

    @Test
    void reportsAScriptErrorAndAMissingImageButNotACleanPage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><h1>bad</h1>"
                + "<img src=\"missing.png\" onerror=\"console.error('missing plot: ' + this.src)\">"
                + "<script>undefinedFunction();</script></body></html>");
        HeadlessChromium.Render r = HeadlessChromium.render(bad, dir.resolve("bad.png"), dir.resolve("p1"));
        assertThat(r.consoleErrors()).as(r.log()).anyMatch(l -> l.contains("undefinedFunction"))
                .anyMatch(l -> l.contains("missing plot") && l.contains("missing.png"));

        Path good = dir.resolve("good.html");
        Files.writeString(good, "<!DOCTYPE html><html><body><h1>good</h1></body></html>");
        HeadlessChromium.Render g = HeadlessChromium.render(good, dir.resolve("good.png"), dir.resolve("p2"));
        assertThat(g.consoleErrors()).as(g.log()).isEmpty();
        assertThat(Files.size(dir.resolve("good.png"))).isPositive();
    }
}
