package org.hisscube.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.hisscube.features.Featurizer;
import org.hisscube.science.cutout.CutoutSource;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hisscube inspect target FILE.h5|TARGET_ID [--png OUT]}: a target's bands, epochs, spectra and zooms as JSON,
 * and with {@code --png} one picture of its five stacked cutouts above its spectra with 1σ error bars. A target id is
 * looked up in the running {@code ./hisscube up} (its cube-service streams the latest file).
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "A target of the cube: bands, epochs, spectra and zooms (JSON), and with --png a picture of its "
                + "five cutouts and its spectra with error bars. FILE.h5 is a target file; a number is a target id "
                + "looked up in the running ./hisscube up. Exit code 0, 1 for a missing or unreadable target, 3 when "
                + "an id is given and no up is running.")
final class InspectTarget implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE.h5|TARGET_ID")
    String what;

    @Option(names = "--png", paramLabel = "OUT", description = "Write the picture here (PNG).")
    Path png;

    @Option(names = "--zoom", defaultValue = "0", description = "Zoom of the cutouts and spectra in the picture "
            + "(default ${DEFAULT-VALUE}: full resolution).")
    int zoom;

    @Option(names = "--dir", description = "The working folder of the running up (default: .hisscube/run).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path file = Path.of(what);
        Path tmp = null;
        if (!Files.isRegularFile(file)) {
            if (!what.matches("\\d+")) {
                System.err.println(what + ": no such file, and not a target id");
                return 1;
            }
            var up = RunningUp.find(RunningUp.workDir(dir));
            if (up.isEmpty()) {
                System.err.println("Target id " + what + " needs the running up to ask, or give the target's .h5 file.");
                return 3;
            }
            int port = up.get().ports().get("cube-service");
            tmp = Files.createTempFile("target-" + what + "-", ".h5");
            HttpResponse<Path> r;
            try {
                r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(HttpRequest
                        .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cube/targets/" + what + "/file"))
                        .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofFile(tmp));
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                System.err.println("Target id " + what + ": the cube-service on port " + port + " did not answer ("
                        + e.getMessage() + "); is ./hisscube up still running?");
                return 3;
            }
            if (r.statusCode() != 200) {
                String body = Files.readString(tmp);
                Files.deleteIfExists(tmp);
                System.err.println("Target id " + what + ": " + body);
                return 1;
            }
            file = tmp;
        }
        try {
            List<Target> targets;
            try {
                targets = Featurizer.read(file);
            } catch (RuntimeException e) {
                System.err.println(what + ": not a target file of the cube: " + e.getMessage());
                return 1;
            }
            if (targets.isEmpty()) {
                System.err.println(what + ": holds no target");
                return 1;
            }
            Target t = targets.get(0);
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(describe(t)));
            if (png != null) {
                picture(t, Math.min(zoom, t.zooms().size() - 1), png);
                System.err.println("wrote " + png.toAbsolutePath());
            }
            return 0;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    static Map<String, Object> describe(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target_id", t.id());
        m.put("ra", t.ra());
        m.put("dec", t.dec());
        m.put("class", t.objectClass());
        m.put("subclass", t.subClass());
        m.put("redshift", t.redshift());
        Map<String, Long> bands = new LinkedHashMap<>();
        t.bands().forEach(b -> bands.put(b, t.frameCount(b)));
        m.put("frames_per_band", bands);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (CutoutSource f : t.frames()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("frame", f.frameFileName());
            e.put("band", f.filter());
            e.put("mjd", f.mjd());
            epochs.add(e);
        }
        m.put("epochs", epochs);
        m.put("spectra", t.spectrumFiles());
        List<Map<String, Object>> zooms = new ArrayList<>();
        for (TargetZoom z : t.zooms()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("zoom", z.zoom());
            e.put("cutout_pixels", z.size());
            e.put("spectrum_samples", z.spectrum().length);
            e.put("wavelength_range_angstrom", z.wavelength().length == 0 ? List.of()
                    : List.of(z.wavelength()[0], z.wavelength()[z.wavelength().length - 1]));
            zooms.add(e);
        }
        m.put("zooms", zooms);
        m.put("notes", t.notes());
        return m;
    }

    /** The five cutouts above the spectra, one PNG. */
    static void picture(Target t, int zoom, Path png) throws IOException {
        Path a = Files.createTempFile("cutouts", ".png");
        Path b = Files.createTempFile("spectra", ".png");
        try {
            TargetPlots.cutouts(t, zoom, a);
            TargetPlots.spectra(t, zoom, b);
            BufferedImage top = ImageIO.read(a.toFile());
            BufferedImage bottom = ImageIO.read(b.toFile());
            BufferedImage both = new BufferedImage(Math.max(top.getWidth(), bottom.getWidth()),
                    top.getHeight() + bottom.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = both.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(top, 0, 0, null);
            g.drawImage(bottom, 0, top.getHeight(), null);
            g.dispose();
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(both, "png", png.toFile());
        } finally {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        }
    }
}
