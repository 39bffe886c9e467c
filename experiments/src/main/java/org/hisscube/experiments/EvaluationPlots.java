package org.hisscube.experiments;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hisscube.learning.Evaluation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG plots of evaluations: a confusion matrix (counts, shaded by the row's recall) and macro-F1 per model. */
public final class EvaluationPlots {
    private EvaluationPlots() {
    }

    /** The confusion matrix of one evaluation, rows = truth, columns = predicted. */
    public static void confusion(Evaluation e, String title, Path png) throws IOException {
        confusion(e, Evaluation.CLASSES, title, png);
    }

    /** The same over any classes, in the order of the evaluation's confusion matrix (e.g. Visual Genome categories). */
    public static void confusion(Evaluation e, List<String> classes, String title, Path png) throws IOException {
        if (classes.size() != e.confusion().length) {
            throw new IllegalArgumentException(classes.size() + " class names for a " + e.confusion().length + "×"
                    + e.confusion().length + " confusion matrix");
        }
        int k = classes.size();
        int cell = 110;
        int left = 110;
        int top = 70;
        BufferedImage img = new BufferedImage(left + k * cell + 30, top + k * cell + 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "macro-F1 %.3f, accuracy %.3f, n = %d; rows: truth, columns: predicted",
                e.macroF1(), e.accuracy(), e.n()), 10, 42);
        for (int i = 0; i < k; i++) {
            int rowTotal = e.support()[i];
            g.setColor(Color.BLACK);
            g.drawString(classes.get(i), 10, top + i * cell + cell / 2 + 5);
            g.drawString(classes.get(i), left + i * cell + 25, top + k * cell + 20);
            for (int j = 0; j < k; j++) {
                double frac = rowTotal == 0 ? 0 : e.confusion()[i][j] / (double) rowTotal;
                int shade = (int) Math.round(255 * (1 - frac));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + j * cell, top + i * cell, cell - 2, cell - 2);
                g.setColor(frac > 0.5 ? Color.WHITE : Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%d", e.confusion()[i][j]), left + j * cell + 12,
                        top + i * cell + cell / 2 - 2);
                g.drawString(String.format(Locale.ROOT, "%.1f %%", 100 * frac), left + j * cell + 12,
                        top + i * cell + cell / 2 + 16);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    /** Test macro-F1 per model. */
    public static void macroF1(Map<String, Double> byModel, String title, Path png) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(700).height(420).title(title).xAxisTitle("model")
                .yAxisTitle("test macro-F1").build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.addSeries("macro-F1", List.copyOf(byModel.keySet()), List.copyOf(byModel.values()));
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
