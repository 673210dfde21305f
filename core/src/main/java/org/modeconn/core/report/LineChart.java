package org.modeconn.core.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart of quantities along a path's t, one line per series: the data, and its drawing on a canvas
 * of a given size (pixel positions, tick values, legend), which a template turns into SVG ({@link Charts}).
 * Ticks are "nice" numbers (1, 2 or 5 × 10^k, Heckbert, "Nice numbers for graph labels", Graphics Gems,
 * 1990); the y axis shows percent when {@code percent} is set (for error); every point is marked, the
 * endpoints larger.
 *
 * @param title   the chart's title
 * @param yLabel  the quantity on the y axis, e.g. {@code error} or {@code loss}
 * @param percent whether y values are fractions shown in percent
 * @param series  the lines, in legend order; each needs as many t as y values, at least one
 */
public record LineChart(String title, String yLabel, boolean percent, List<Series> series) {

    /**
     * One line: its name in the legend, the group it belongs to (lines of one group share a colour and differ in
     * their dash pattern: the seed pairs of one sweep comparison, say), t in [0, 1] ascending, and the values.
     */
    public record Series(String name, String group, double[] t, double[] y) {
        public Series {
            if (t.length != y.length || t.length == 0) {
                throw new IllegalArgumentException("series " + name + " needs as many t as values, at least one");
            }
        }

        /** A line that is its own group. */
        public Series(String name, double[] t, double[] y) {
            this(name, name, t, y);
        }
    }

    /** Colour-blind-safe colours (Okabe and Ito, 2008), in legend order. */
    public static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#000000", "#F0E442");

    /** SVG dash patterns of the lines within one group, in order: solid, dashed, dotted, dash-dot. */
    public static final List<String> DASHES = List.of("", "7 4", "2 3", "8 3 2 3");

    public LineChart {
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one series");
        }
    }

    /** A tick: where it is drawn (pixels along its axis) and its label. */
    public record Tick(String at, String label) {
    }

    /** A marked point, in pixels; endpoints (t = 0 and t = 1) are drawn larger. */
    public record Dot(String x, String y, boolean endpoint) {
    }

    /** A series as drawn: colour, dash pattern ("" for solid), polyline points ("x,y x,y ..."), dots, and its legend row's y. */
    public record Line(String name, String colour, String dash, String points, List<Dot> dots, String legendY) {
    }

    /** Everything the SVG template needs, in pixels, with the plot area [left, right] × [top, bottom]. */
    public record Drawing(String title, String yLabel, int width, int height, int left, int right, int top, int bottom,
                          int legendX, List<Tick> xTicks, List<Tick> yTicks, List<Line> lines) implements ChartText.Titled {
        public int plotWidth() {
            return right - left;
        }

        public int plotHeight() {
            return bottom - top;
        }

        public int middleX() {
            return (left + right) / 2;
        }

        public int middleY() {
            return (top + bottom) / 2;
        }

        /** Right edge of the y tick labels. */
        public int tickLabelX() {
            return left - 6;
        }

        /** Lower end of the x tick marks. */
        public int tickEnd() {
            return bottom + 5;
        }

        /** Baseline of the x tick labels. */
        public int xLabelY() {
            return bottom + 18;
        }

        /** Baseline of the x axis title. */
        public int xTitleY() {
            return height - 8;
        }

        /** End of a legend row's colour swatch. */
        public int legendLineEnd() {
            return legendX + 22;
        }

        /** Start of a legend row's name. */
        public int legendTextX() {
            return legendX + 28;
        }
    }

    /** The legend's font size (the SVG's default), pixels; a legend row is swatch and gap (28 px) and the name. */
    static final int LEGEND_SIZE = 11;

    /** Height of one legend row, pixels. */
    static final int LEGEND_ROW = 18;

    /**
     * Lays the chart out on a {@code width} × {@code height} canvas (pixels) with the legend on the right: the
     * legend column is as wide as its longest name needs ({@link ChartText}; at least 150 pixels, at most 45% of the
     * width; a name longer than that is cut with "…"), and the plot takes the rest. A legend of more rows than
     * {@code height} holds makes the canvas taller, so that every line keeps its row. Each group
     * ({@link Series#group()}) gets the next of {@link #COLOURS}, each line within a group the next of {@link #DASHES};
     * both lists start again when they run out (a ninth group, a fifth line in a group), so only the legend's names
     * tell those lines apart.
     */
    public Drawing draw(int width, int height) {
        double longest = series.stream().mapToDouble(s -> ChartText.width(s.name(), LEGEND_SIZE, false)).max().orElse(0);
        int legendWidth = Math.max(150, Math.min((int) (0.45 * width), 16 + 28 + 8 + (int) Math.ceil(longest)));
        double nameRoom = legendWidth - 16 - 28 - 8;
        int left = 64, top = 34;
        height = Math.max(height, top + 8 + LEGEND_ROW * (series.size() - 1) + 14); // the last legend row fits
        int right = width - legendWidth, bottom = height - 44;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.y()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi)) { // no finite value at all
            lo = 0;
            hi = 1;
        }
        double[] yTicks = niceTicks(lo, hi, 5);
        double yMin = yTicks[0], yMax = yTicks[yTicks.length - 1];
        double[] xTicks = niceTicks(0, 1, 5);
        List<Tick> xs = new ArrayList<>();
        for (double t : xTicks) {
            xs.add(new Tick(px(left + t * (right - left)), label(t, xTicks, false)));
        }
        List<Tick> ys = new ArrayList<>();
        for (double v : yTicks) {
            ys.add(new Tick(px(y(v, yMin, yMax, top, bottom)), label(v, yTicks, percent)));
        }
        List<Line> lines = new ArrayList<>();
        List<String> groups = series.stream().map(Series::group).distinct().toList();
        Map<String, Integer> inGroup = new HashMap<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder points = new StringBuilder();
            List<Dot> dots = new ArrayList<>();
            for (int k = 0; k < s.t().length; k++) {
                if (!Double.isFinite(s.y()[k])) {
                    continue; // a gap: nothing to draw
                }
                String x = px(left + s.t()[k] * (right - left));
                String y = px(y(s.y()[k], yMin, yMax, top, bottom));
                points.append(points.isEmpty() ? "" : " ").append(x).append(',').append(y);
                dots.add(new Dot(x, y, s.t()[k] == 0 || s.t()[k] == 1));
            }
            String name = ChartText.fit(s.name(), nameRoom, LEGEND_SIZE, false);
            int member = inGroup.merge(s.group(), 1, Integer::sum) - 1;
            lines.add(new Line(name, COLOURS.get(groups.indexOf(s.group()) % COLOURS.size()),
                    DASHES.get(member % DASHES.size()), points.toString(), dots, String.valueOf(top + 8 + LEGEND_ROW * i)));
        }
        return new Drawing(title, yLabel + (percent ? " (%)" : ""), width, height, left, right, top, bottom, right + 16,
                xs, ys, lines);
    }

    /**
     * Nice tick values covering [lo, hi]: about {@code target} of them, spaced 1, 2 or 5 × 10^k, the first
     * at or below lo and the last at or above hi. A flat range is widened around its value.
     */
    public static double[] niceTicks(double lo, double hi, int target) {
        if (hi - lo < 1e-12) {
            double pad = Math.abs(lo) > 1e-12 ? Math.abs(lo) * 0.05 : 0.05;
            lo -= pad;
            hi += pad;
        }
        double step = nice((hi - lo) / Math.max(1, target - 1), true);
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] ticks = new double[n];
        for (int i = 0; i < n; i++) {
            ticks[i] = first + i * step;
            if (Math.abs(ticks[i]) < step * 1e-9) {
                ticks[i] = 0; // no "-0"
            }
        }
        return ticks;
    }

    /** The nice number near x: 1, 2, 5 or 10 × 10^k, rounded or the next one up (Heckbert 1990). */
    static double nice(double x, boolean round) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
        return nf * Math.pow(10, exp);
    }

    /** A tick's label with just the decimals its step needs. */
    static String label(double v, double[] ticks, boolean percent) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        double scale = percent ? 100 : 1;
        double shown = step * scale;
        int decimals = 0;
        while (decimals < 6 && Math.abs(Math.rint(shown * Math.pow(10, decimals)) - shown * Math.pow(10, decimals)) > 1e-6) {
            decimals++; // as many decimals as the step has
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v * scale) + (percent ? "%" : "");
    }

    private static double y(double v, double min, double max, int top, int bottom) {
        return bottom - (v - min) / (max - min) * (bottom - top);
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
