package io.switchboard.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders benchmark figures as PNG files (XChart, headless): latency percentile distributions in the
 * HdrHistogram style, grouped bars and plain x/y lines. Series are drawn in the map's iteration order,
 * so pass a {@link java.util.LinkedHashMap} to control colours and legend order.
 */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    /** Percentile axis cap: 1/(1-p) never goes past 99.9999 %. */
    private static final double MAX_NINES = 6;
    private static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Plots() {
    }

    /**
     * Latency percentile distribution, HdrHistogram-style: the x axis is the percentile on a log scale of
     * 1/(1-p) (labels 0%, 90%, 99%, 99.9%, ... at the decades, plus a dashed, labelled 50% line); y is latency in
     * milliseconds (linear). One line per series (name -> histogram in nanoseconds); empty histograms are
     * skipped.
     */
    public static void latencyPercentiles(Path png, String title, Map<String, Histogram> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("percentile").yAxisTitle("latency (ms)").build();
        style(chart);
        XYStyler s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarkerSize(0);
        s.setYAxisMin(0.0);
        double maxX = 2;
        double maxY = 0;
        for (Map.Entry<String, Histogram> e : series.entrySet()) {
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            // Beyond 1/(1-p) = count there is no information left (every higher percentile is the max).
            double cap = Math.min(MAX_NINES, Math.max(1, Math.log10(h.getTotalCount())));
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                double x = p >= 1 ? cap : Math.min(cap, Math.log10(1 / (1 - p)));
                double y = h.highestEquivalentValue(v.getValueIteratedTo()) / 1e6;
                if (!xs.isEmpty() && x <= xs.get(xs.size() - 1)) {
                    ys.set(ys.size() - 1, Math.max(ys.get(ys.size() - 1), y)); // same x after capping: keep the higher
                    continue;
                }
                xs.add(x);
                ys.add(y);
            }
            if (xs.get(xs.size() - 1) < cap) { // make sure the max is drawn at the right end
                xs.add(cap);
                ys.add(h.getMaxValue() / 1e6);
            }
            maxX = Math.max(maxX, cap);
            maxY = Math.max(maxY, ys.get(ys.size() - 1));
            XYSeries line = chart.addSeries(e.getKey(), xs, ys);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineWidth(2.2f);
        }
        double top = Math.ceil(maxX - 0.05);
        s.setXAxisMin(0.0);
        s.setXAxisMax(maxX + 0.1);
        // One tick per decade of 1/(1-p): hint the tick spacing so XChart picks a step of exactly 1.
        s.setXAxisTickMarkSpacingHint((int) Math.max(40, (WIDTH - 160) / (top + 0.5)));
        s.setxAxisTickLabelsFormattingFunction(Plots::percentileLabel);
        // 50 % sits between the decades; mark it with a dashed line and a label.
        double p50 = Math.log10(2);
        double yTop = maxY > 0 ? maxY * 1.08 : 1.0;
        s.setYAxisMax(yTop);
        s.setAnnotationLineColor(new Color(0x999999));
        s.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 4f}, 0f));
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAnnotationTextFontColor(new Color(0x666666));
        chart.addAnnotation(new AnnotationLine(p50, true, false));
        chart.addAnnotation(new AnnotationText("50%", p50 + 0.12, yTop * 0.96, false));
        write(chart, png);
    }

    /** The label of a percentile-axis tick at x = log10(1/(1-p)). */
    static String percentileLabel(Double x) {
        if (x == null || !Double.isFinite(x) || x < -1e-6 || x > 15) {
            return ""; // XChart also asks while sizing the axis; nothing sensible to show out there
        }
        double p = 100 * (1 - Math.pow(10, -x));
        long decades = Math.round(x);
        if (Math.abs(x - decades) < 1e-6) { // 0%, 90%, 99%, 99.9%, 99.99%, ...
            return decades <= 0 ? "0%" : java.math.BigDecimal.valueOf(100)
                    .subtract(java.math.BigDecimal.ONE.scaleByPowerOfTen((int) (2 - decades)))
                    .stripTrailingZeros().toPlainString() + "%";
        }
        if (Math.abs(x - Math.log10(2)) < 1e-6) {
            return "50%";
        }
        return String.format(Locale.ROOT, "%.4g%%", p);
    }

    /**
     * Grouped bar chart: categories on x, one bar per series in each category. Missing values (NaN or a
     * short list) are drawn as no bar. Each bar carries its value.
     */
    public static void bars(Path png, String title, String yLabel, List<String> categories, Map<String, List<Double>> series) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle(yLabel).build();
        style(chart);
        var s = chart.getStyler();
        s.setYAxisMin(0.0);
        s.setLabelsVisible(true);
        s.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLabelsFontColorAutomaticEnabled(true); // white on dark bars
        s.setLabelsPosition(0.96); // near the top of the bar, inside it
        s.setAvailableSpaceFill(0.7);
        s.setXAxisTitleVisible(false);
        double max = 0;
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> ys = new ArrayList<>(categories.size());
            for (int i = 0; i < categories.size(); i++) {
                Double v = i < e.getValue().size() ? e.getValue().get(i) : null;
                boolean missing = v == null || v.isNaN() || v.isInfinite();
                ys.add(missing ? null : v); // XChart draws no bar (and no label) for null
                max = missing ? max : Math.max(max, v);
            }
            chart.addSeries(e.getKey(), categories, ys);
        }
        s.setYAxisMax(max > 0 ? max * 1.12 : 1.0); // room for the value labels
        s.setYAxisDecimalPattern(max >= 100 ? "#,##0" : max >= 10 ? "#,##0.#" : "#,##0.##");
        write(chart, png);
    }


    private static void style(Chart<? extends Styler, ?> chart) {
        Styler s = chart.getStyler();
        s.setBaseFont(BASE);
        s.setChartTitleFont(TITLE);
        s.setLegendFont(BASE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendPadding(16);
        s.setLegendSeriesLineLength(24);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x999999));
        s.setChartPadding(12);
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(AXIS_TITLE);
            a.setAxisTickLabelsFont(BASE);
            a.setPlotGridLinesColor(new Color(0xe3e3e3));
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setAxisTickPadding(6);
        }
    }

    private static void write(Chart<?, ?> chart, Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // The OutputStream overload writes exactly to png (the String overload appends ".png").
            try (OutputStream out = Files.newOutputStream(png)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
