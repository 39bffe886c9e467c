package org.hisscube.experiments;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts as PNG (XChart, headless). */
public final class ReportPlots {
    /** Class colours of every map: GALAXY, QSO, STAR. */
    static final Color[] CLASS_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    /** One line of an x/y chart, with optional error bars. */
    public record Line(String name, double[] x, double[] y, double[] error) {
    }

    private ReportPlots() {
    }

    /** Lines of y against x; log x when asked. */
    public static void lines(String title, String xTitle, String yTitle, List<Line> lines, boolean logX, Double yMin,
            Double yMax, Path png) throws IOException {
        XYChart c = new XYChartBuilder().width(760).height(460).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(c);
        c.getStyler().setXAxisLogarithmic(logX);
        if (yMin != null) {
            c.getStyler().setYAxisMin(yMin);
        }
        if (yMax != null) {
            c.getStyler().setYAxisMax(yMax);
        }
        for (Line l : lines) {
            XYSeries s = l.error() == null ? c.addSeries(l.name(), l.x(), l.y())
                    : c.addSeries(l.name(), l.x(), l.y(), l.error());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A scatter of 2-D points coloured by class. */
    public static void classMap(String title, double[][] xy, int[] labels, List<String> classes, Path png)
            throws IOException {
        XYChart c = new XYChartBuilder().width(640).height(560).title(title).xAxisTitle("t-SNE 1")
                .yAxisTitle("t-SNE 2").build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
        for (int k = 0; k < classes.size(); k++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == k) {
                    x.add(xy[i][0]);
                    y.add(xy[i][1]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(classes.get(k) + " (" + x.size() + ")", x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(CLASS_COLOURS[k % CLASS_COLOURS.length]);
        }
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Grouped bars: one group per category, one bar per series. */
    public static void bars(String title, String xTitle, String yTitle, List<String> categories,
            Map<String, List<Double>> series, boolean logY, Path png) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(820).height(460).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisLogarithmic(logY);
        series.forEach((name, values) -> c.addSeries(name, categories, values));
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void style(XYChart c) {
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(7);
    }
}
