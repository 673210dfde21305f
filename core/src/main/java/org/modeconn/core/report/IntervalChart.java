package org.modeconn.core.report;

import org.modeconn.core.metrics.Replicates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A barrier against a factor: one column per comparison of a sweep (its label on the x axis), each with the
 * barrier of every replicate (small rings), their mean (a dot) and the 95% interval of the mean (a whisker, see
 * {@link Replicates}); a dashed line marks the threshold ε of the verdict. Ticks and percent as in
 * {@link LineChart}; the template {@code interval-chart.svg} turns the drawing into SVG ({@link Charts}).
 *
 * @param title     the chart's title
 * @param yLabel    the quantity on the y axis, e.g. {@code error barrier (linear)}
 * @param percent   whether values are fractions shown in percent
 * @param threshold ε, drawn as a dashed line; null for none
 * @param columns   the comparisons, left to right; at least one
 */
public record IntervalChart(String title, String yLabel, boolean percent, Double threshold, List<Column> columns) {

    /** One comparison: its label, its replicates' values (one per replicate) and their summary. */
    public record Column(String label, double[] values, Replicates summary) {
        public Column {
            if (values.length == 0) {
                throw new IllegalArgumentException("column " + label + " has no value");
            }
        }

        /** A column of these values, summarised by {@link Replicates#of}. */
        public static Column of(String label, double... values) {
            return new Column(label, values, Replicates.of(values));
        }
    }

    public IntervalChart {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one column");
        }
    }

    /** A column as drawn, in pixels: centre x, mean y, whisker ends (equal to the mean without an interval), rings' y. */
    public record Mark(String x, String label, String mean, String low, String high, boolean interval, List<String> rings,
                       String capLeft, String capRight) {
    }

    /** Everything the SVG template needs, in pixels, with the plot area [left, right] × [top, bottom]. */
    public record Drawing(String title, String yLabel, int width, int height, int left, int right, int top, int bottom,
                          List<LineChart.Tick> yTicks, List<Mark> marks, String thresholdY, String thresholdLabel,
                          String colour) implements ChartText.Titled {
        public int plotWidth() {
            return right - left;
        }

        public int plotHeight() {
            return bottom - top;
        }

        public int middleY() {
            return (top + bottom) / 2;
        }

        public int tickLabelX() {
            return left - 6;
        }

        public int xLabelY() {
            return bottom + 16;
        }

        public int xTitleY() {
            return height - 8;
        }

        public int middleX() {
            return (left + right) / 2;
        }

        /** Where the threshold's label is written: just right of the plot area. */
        public int thresholdLabelX() {
            return right + 4;
        }
    }

    /** Lays the chart out on a {@code width} × {@code height} canvas (pixels). */
    public Drawing draw(int width, int height) {
        int left = 64, top = 34, right = width - 60, bottom = height - 48;
        double lo = 0;
        double hi = threshold == null ? 0 : threshold;
        for (Column c : columns) {
            for (double v : c.values()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (c.summary().n() > 1) {
                lo = Math.min(lo, c.summary().low());
                hi = Math.max(hi, c.summary().high());
            }
        }
        double[] ticks = LineChart.niceTicks(lo, hi, 5);
        double yMin = ticks[0], yMax = ticks[ticks.length - 1];
        List<LineChart.Tick> ys = new ArrayList<>();
        for (double v : ticks) {
            ys.add(new LineChart.Tick(px(y(v, yMin, yMax, top, bottom)), LineChart.label(v, ticks, percent)));
        }
        double slot = (double) (right - left) / columns.size();
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            double x = left + slot * (i + 0.5);
            List<String> rings = new ArrayList<>();
            for (double v : c.values()) {
                rings.add(px(y(v, yMin, yMax, top, bottom)));
            }
            Replicates r = c.summary();
            boolean interval = r.n() > 1;
            marks.add(new Mark(px(x), c.label(), px(y(r.mean(), yMin, yMax, top, bottom)),
                    px(y(r.low(), yMin, yMax, top, bottom)), px(y(r.high(), yMin, yMax, top, bottom)), interval, rings,
                    px(x - 6), px(x + 6)));
        }
        String thresholdY = threshold == null ? null : px(y(threshold, yMin, yMax, top, bottom));
        String thresholdLabel = threshold == null ? null : "ε = " + LineChart.label(threshold, new double[]{0, threshold}, percent);
        return new Drawing(title, yLabel + (percent ? " (%)" : ""), width, height, left, right, top, bottom, ys, marks,
                thresholdY, thresholdLabel, LineChart.COLOURS.get(0));
    }

    private static double y(double v, double min, double max, int top, int bottom) {
        return bottom - (v - min) / (max - min) * (bottom - top);
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
