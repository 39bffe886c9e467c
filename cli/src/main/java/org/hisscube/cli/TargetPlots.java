package org.hisscube.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.hisscube.science.cube.Target;
import org.hisscube.science.cube.TargetZoom;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Pictures of one target: its five stacked cutouts, and its spectra with 1σ error bars. */
final class TargetPlots {
    private static final String[] BANDS = {"u", "g", "r", "i", "z"};

    private TargetPlots() {
    }

    /** The five bands side by side at a zoom, each asinh-stretched on its own range (NaN grey). */
    static void cutouts(Target t, int zoom, Path png) throws IOException {
        TargetZoom z = t.zoom(zoom);
        int s = z.size();
        int scale = Math.max(1, 192 / s);
        int panel = s * scale;
        BufferedImage img = new BufferedImage(5 * (panel + 10) + 10, panel + 70, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(String.format(Locale.ROOT, "target %d (%s, z = %.4f), zoom %d: %d × %d pixels per band, "
                + "asinh stretch", t.id(), t.objectClass(), t.redshift(), zoom, s, s), 10, 20);
        for (int b = 0; b < 5; b++) {
            float[][] plane = z.image()[b];
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (float[] row : plane) {
                for (float v : row) {
                    if (Float.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            double soft = Math.max(1e-6, (hi - lo) / 50);
            double top = asinh((hi - lo) / soft);
            int x0 = 10 + b * (panel + 10);
            for (int r = 0; r < s; r++) {
                for (int c = 0; c < s; c++) {
                    float v = plane[r][c];
                    int grey = Float.isFinite(v) && top > 0
                            ? (int) Math.round(255 * Math.min(1, asinh((v - lo) / soft) / top)) : 128;
                    g.setColor(Float.isFinite(v) ? new Color(grey, grey, grey) : new Color(180, 120, 120));
                    // row 0 at the bottom, as astronomers draw images
                    g.fillRect(x0 + c * scale, 30 + (s - 1 - r) * scale, scale, scale);
                }
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(BANDS[b] + " (" + t.frameCount(BANDS[b]) + " frame(s))", x0, 50 + panel);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    /** Each epoch's spectrum and the stack at a zoom, with 1σ error bars, against vacuum wavelength. */
    static void spectra(Target t, int zoom, Path png) throws IOException {
        TargetZoom z = t.zoom(zoom);
        XYChart c = new XYChartBuilder().width(1000).height(500).title(String.format(Locale.ROOT,
                "target %d (%s): %d spectra and their stack at zoom %d, 1σ error bars", t.id(), t.objectClass(),
                t.spectrumFiles().size(), zoom)).xAxisTitle("vacuum wavelength (Å)")
                .yAxisTitle("flux (1e-17 erg/s/cm²/Å)").build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setMarkerSize(2);
        c.getStyler().setXAxisDecimalPattern("#0");
        for (int k = 0; k < z.epochSpectra().length; k++) {
            add(c, t.spectrumFiles().get(k), z.wavelength(), z.epochSpectra()[k], z.epochSpectrumErrors()[k]);
        }
        add(c, "stack", z.wavelength(), z.spectrum(), z.spectrumErrors());
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart c, String name, double[] wavelength, float[] flux, float[] sigma) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        for (int i = 0; i < flux.length; i++) {
            if (Float.isFinite(flux[i]) && Float.isFinite(sigma[i])) {
                x.add(wavelength[i]);
                y.add((double) flux[i]);
                e.add((double) sigma[i]);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name, x, y, e);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }
}
