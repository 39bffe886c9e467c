package org.hisscube.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hisscube.simulator.SurveyComparison;
import org.hisscube.simulator.SurveyComparison.Colours;
import org.hisscube.simulator.SurveyComparison.Cutout;
import org.hisscube.simulator.SurveyComparison.Side;
import org.hisscube.simulator.SurveyComparison.Spectrum;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG plots of {@code simulate compare}: real and simulated side by side, drawn headless with XChart. */
final class ComparisonPlots {
    private static final Color REAL = new Color(0x1f, 0x77, 0xb4);
    private static final Color SIMULATED = new Color(0xd6, 0x27, 0x28);
    private static final String BANDS = "ugriz";

    private ComparisonPlots() {
    }

    /** σ against pixel flux per band, and the sky level and background noise per band. */
    static void skyAndNoise(Side real, Side sim, Path png) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (char b : BANDS.toCharArray()) {
            String band = String.valueOf(b);
            XYChart c = new XYChartBuilder().width(420).height(340).title(band + ": sigma vs pixel flux")
                    .xAxisTitle("pixel value (nanomaggies)").yAxisTitle("sigma (nanomaggies)").build();
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setYAxisLogarithmic(true);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            line(c, "real", real.bands().get(band), REAL);
            line(c, "simulated", sim.bands().get(band), SIMULATED);
            charts.add(c);
        }
        CategoryChart sky = new CategoryChartBuilder().width(420).height(340).title("sky level per band")
                .xAxisTitle("band").yAxisTitle("nanomaggies / pixel").build();
        CategoryChart noise = new CategoryChartBuilder().width(420).height(340)
                .title("background noise: measured (MAD) and model").xAxisTitle("band").yAxisTitle("nanomaggies")
                .build();
        List<String> bands = Arrays.stream(BANDS.split("")).toList();
        sky.addSeries("real", bands, bands.stream().map(b -> real.bands().get(b).skyNmgyPerPixel()).toList())
                .setFillColor(REAL);
        sky.addSeries("simulated", bands, bands.stream().map(b -> sim.bands().get(b).skyNmgyPerPixel()).toList())
                .setFillColor(SIMULATED);
        noise.addSeries("real measured", bands, bands.stream().map(b -> real.bands().get(b).noiseMeasuredNmgy())
                .toList()).setFillColor(REAL);
        noise.addSeries("simulated measured", bands, bands.stream().map(b -> sim.bands().get(b)
                .noiseMeasuredNmgy()).toList()).setFillColor(SIMULATED);
        noise.addSeries("simulated model", bands, bands.stream().map(b -> sim.bands().get(b).noiseModelNmgy())
                .toList()).setFillColor(new Color(0xff, 0x98, 0x96));
        for (CategoryChart c : List.of(sky, noise)) {
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            c.getStyler().setChartBackgroundColor(Color.WHITE);
        }
        charts.add(sky);
        List<Chart<?, ?>> all = new ArrayList<>(charts);
        all.add(noise);
        all.add(empty());
        BitmapEncoder.saveBitmap(all, 2, 4, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void line(XYChart c, String name, SurveyComparison.BandStats s, Color colour) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < s.fluxBinCentres().length; i++) {
            if (Double.isFinite(s.sigmaByFlux()[i])) {
                x.add(s.fluxBinCentres()[i]);
                y.add(s.sigmaByFlux()[i]);
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = c.addSeries(name, x, y);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static XYChart empty() {
        XYChart c = new XYChartBuilder().width(420).height(340).title("").build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAxisTicksVisible(false);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setAxisTitlesVisible(false);
        c.addSeries(" ", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        return c;
    }

    /** u-g vs g-r and g-r vs r-i per class: the real catalog against colours measured on the simulated frames. */
    static void colourColour(Side real, Side sim, Path png) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (String[] axes : new String[][] {{"g-r", "u-g"}, {"r-i", "g-r"}}) {
            for (String cls : List.of("STAR", "GALAXY", "QSO")) {
                XYChart c = new XYChartBuilder().width(420).height(380).title(cls + ": " + axes[1] + " vs " + axes[0])
                        .xAxisTitle(axes[0]).yAxisTitle(axes[1]).build();
                c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                c.getStyler().setMarkerSize(3);
                c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
                c.getStyler().setChartBackgroundColor(Color.WHITE);
                c.getStyler().setXAxisMin(-0.5);
                c.getStyler().setXAxisMax(axes[0].equals("g-r") ? 2.0 : 1.5);
                c.getStyler().setYAxisMin(-0.5);
                c.getStyler().setYAxisMax(axes[1].equals("u-g") ? 3.5 : 2.0);
                scatter(c, "real catalog", real.colours().get(cls), axes, new Color(0x1f, 0x77, 0xb4, 90));
                scatter(c, "simulated, measured", sim.measuredColours().get(cls), axes, SIMULATED);
                charts.add(c);
            }
        }
        BitmapEncoder.saveBitmap(charts, 2, 3, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void scatter(XYChart c, String name, Colours col, String[] axes, Color colour) {
        double[] x = pick(col, axes[0]);
        double[] y = pick(col, axes[1]);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && Math.abs(x[i]) < 5 && Math.abs(y[i]) < 5) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries series = c.addSeries(name + " (" + xs.size() + ")", xs, ys);
            series.setMarkerColor(colour);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
    }

    static double[] pick(Colours c, String colour) {
        return switch (colour) {
            case "u-g" -> c.ug();
            case "g-r" -> c.gr();
            case "r-i" -> c.ri();
            case "i-z" -> c.iz();
            default -> throw new IllegalArgumentException(colour);
        };
    }

    /** A real and a simulated spectrum of each class, each scaled to its median flux. */
    static void spectra(Side real, Side sim, Path png) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (String cls : List.of("STAR", "GALAXY", "QSO")) {
            XYChart c = new XYChartBuilder().width(1200).height(300).title(cls + ": flux / median flux")
                    .xAxisTitle("observed wavelength (Angstrom)").yAxisTitle("normalised flux").build();
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            c.getStyler().setMarkerSize(0);
            c.getStyler().setXAxisMin(3600.0);
            c.getStyler().setXAxisMax(10400.0);
            spectrum(c, "real " + label(real.spectra().get(cls)), real.spectra().get(cls), REAL, 0);
            spectrum(c, "simulated " + label(sim.spectra().get(cls)) + " (offset +2)", sim.spectra().get(cls),
                    SIMULATED, 2);
            charts.add(c);
        }
        BitmapEncoder.saveBitmap(charts, 3, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String label(Spectrum s) {
        return s == null ? "(none)" : s.file() + String.format(java.util.Locale.ROOT, ", z = %.3f", s.z());
    }

    private static void spectrum(XYChart c, String name, Spectrum s, Color colour, double offset) {
        if (s == null) {
            return;
        }
        List<Double> good = new ArrayList<>();
        for (int i = 0; i < s.flux().length; i++) {
            if (s.ivar()[i] > 0) {
                good.add(s.flux()[i]);
            }
        }
        double median = good.stream().sorted().skip(good.size() / 2).findFirst().orElse(1.0);
        double scale = Math.abs(median) > 1e-6 ? median : 1;
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        // smoothed over 5 samples so that the two curves can be told apart at this size
        for (int i = 2; i + 2 < s.flux().length; i += 3) {
            double sum = 0;
            int n = 0;
            for (int k = i - 2; k <= i + 2; k++) {
                if (s.ivar()[k] > 0) {
                    sum += s.flux()[k];
                    n++;
                }
            }
            if (n > 0) {
                x.add(s.wavelength()[i]);
                y.add(Math.max(-2, Math.min(6, sum / n / scale)) + offset);
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = c.addSeries(name, x, y);
            series.setLineColor(colour);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(new BasicStroke(1f));
        }
    }

    /** Two rows (real, simulated) of g, r, i colour cutouts per class, asinh-stretched (Lupton et al. 2004). */
    static void cutouts(Side real, Side sim, Path png) throws IOException {
        int scale = 4;
        int tile = SurveyComparison.CUTOUT * scale;
        int pad = 14;
        int labelH = 64;
        List<String> classes = List.of("STAR", "GALAXY", "QSO");
        BufferedImage out = new BufferedImage(pad + classes.size() * (tile + pad), 2 * (tile + labelH + pad) + pad,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int row = 0;
        for (Map<String, Cutout> side : List.of(real.cutouts(), sim.cutouts())) {
            for (int k = 0; k < classes.size(); k++) {
                Cutout c = side.get(classes.get(k));
                int x0 = pad + k * (tile + pad);
                int y0 = pad + row * (tile + labelH + pad);
                if (c != null) {
                    g.drawImage(rgb(c), x0, y0, tile, tile, null);
                    g.setColor(Color.BLACK);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                    wrap(g, c.label(), x0, y0 + tile + 14, tile);
                }
            }
            row++;
        }
        g.dispose();
        ImageIO.write(out, "png", png.toFile());
    }

    private static void wrap(Graphics2D g, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        int dy = 0;
        for (String word : text.split(" ")) {
            if (g.getFontMetrics().stringWidth(line + " " + word) > width && line.length() > 0) {
                g.drawString(line.toString(), x, y + dy);
                dy += 13;
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        g.drawString(line.toString(), x, y + dy);
    }

    private static BufferedImage rgb(Cutout c) {
        int n = SurveyComparison.CUTOUT;
        float[] gb = c.gri()[0];
        float[] rb = c.gri()[1];
        float[] ib = c.gri()[2];
        double[] intensity = new double[n * n];
        for (int p = 0; p < n * n; p++) {
            intensity[p] = (val(gb[p]) + val(rb[p]) + val(ib[p])) / 3;
        }
        double[] sorted = intensity.clone();
        Arrays.sort(sorted);
        double stretch = Math.max(1e-3, sorted[(int) (0.995 * (n * n - 1))]) / 8;
        double q = 8;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int p = y * n + x;
                double i = intensity[p];
                double f = i > 0 ? Math.log(q * i / stretch + Math.sqrt(1 + Math.pow(q * i / stretch, 2))) / q / i
                        : 0;
                int red = clamp(val(ib[p]) * f);
                int green = clamp(val(rb[p]) * f);
                int blue = clamp(val(gb[p]) * f);
                // FITS row 0 is the bottom row, as ds9 shows it
                img.setRGB(x, n - 1 - y, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    private static double val(float v) {
        return Float.isFinite(v) ? Math.max(0, v) : 0;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v * 255 * 1.6)));
    }
}
