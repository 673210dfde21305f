package org.modeconn.core.report;

import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nice ticks, percent labels, and a chart that is well-formed SVG with every point, legend and escaped name. */
class LineChartTest {

    @Test
    void ticksAreNiceNumbersThatCoverTheData() {
        assertArrayEquals(new double[]{0, 0.2, 0.4, 0.6, 0.8, 1}, LineChart.niceTicks(0, 1, 5), 1e-12);
        assertArrayEquals(new double[]{0.1, 0.15, 0.2, 0.25, 0.3, 0.35}, LineChart.niceTicks(0.113, 0.317, 5), 1e-12);
        assertArrayEquals(new double[]{0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, LineChart.niceTicks(0.21, 0.69, 5), 1e-12);
        double[] flat = LineChart.niceTicks(0.5, 0.5, 5);
        assertTrue(flat[0] < 0.5 && flat[flat.length - 1] > 0.5, "a flat series still gets an axis");
        assertEquals("15%", LineChart.label(0.15, new double[]{0.1, 0.15}, true));
        assertEquals("12.5%", LineChart.label(0.125, new double[]{0.1, 0.125}, true));
        assertEquals("0.35", LineChart.label(0.35, new double[]{0.3, 0.35}, false));
        assertEquals("2", LineChart.label(2, new double[]{0, 1, 2}, false));
    }

    @Test
    void theSvgIsWellFormedWithEveryPointTheLegendAndEscapedNames() throws Exception {
        LineChart chart = new LineChart("error on sst2/dev", "error", true, List.of(
                new LineChart.Series("line <a→b>", new double[]{0, 0.5, 1}, new double[]{0.12, 0.31, 0.14}),
                new LineChart.Series("curve & co", new double[]{0, 0.5, 1}, new double[]{0.12, 0.15, 0.14})));
        String svg = Charts.svg(chart, 560, 320);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(2, doc.getElementsByTagName("polyline").getLength());
        assertEquals(6, doc.getElementsByTagName("circle").getLength(), "every point is marked");
        assertTrue(svg.contains("line &lt;a→b&gt;") && svg.contains("curve &amp; co"), "names are escaped");
        assertTrue(svg.contains(">30%<") && svg.contains(">error (%)<"), svg);
        assertTrue(svg.contains(LineChart.COLOURS.get(0)) && svg.contains(LineChart.COLOURS.get(1)));
    }

    @Test
    void textWidthsAreDejaVuSansAdvances() {
        assertEquals(6 * 0.636, ChartText.width("0", 6, false), 1e-9);
        assertEquals(10 * (0.989 + 0.278), ChartText.width("Wi", 10, false), 1e-9);
        assertEquals(10 * 1.103, ChartText.width("W", 10, true), 1e-9, "bold is wider");
        assertEquals(10 * 1.0, ChartText.width("→", 10, false), 1e-9, "outside ASCII: one em");
        assertEquals("abc", ChartText.fit("abc", 100, 11, false));
        String cut = ChartText.fit("x".repeat(40), 100, 11, false);
        assertTrue(cut.endsWith("…") && ChartText.width(cut, 11, false) <= 100
                && ChartText.width(cut.substring(0, cut.length() - 1) + "x…", 11, false) > 100, "the longest start that fits");
    }

    @Test
    void replicatesShareTheirComparisonsColourAndEveryLineKeepsItsLegendRow() {
        double[] t = {0, 1}, y = {0.1, 0.2};
        List<LineChart.Series> series = new java.util.ArrayList<>();
        for (String comparison : List.of("checkpoint-1-to-2", "checkpoint-1-to-3", "runs-1-to-2", "runs-1-to-3", "runs-1-to-4",
                "runs-1-to-5")) {
            for (String replicate : List.of("", "-r2", "-r3")) {
                series.add(new LineChart.Series(comparison + replicate, comparison, t, y));
            }
        }
        LineChart.Drawing d = new LineChart("c", "error", true, series).draw(560, 320);
        List<LineChart.Line> lines = d.lines();
        assertEquals(18, lines.size());
        for (int c = 0; c < 6; c++) {
            for (int r = 0; r < 3; r++) {
                LineChart.Line line = lines.get(3 * c + r);
                assertEquals(LineChart.COLOURS.get(c), line.colour(), line.name() + ": its comparison's colour");
                assertEquals(LineChart.DASHES.get(r), line.dash(), line.name() + ": its replicate's dash");
            }
        }
        assertEquals("", lines.get(0).dash(), "the first replicate solid");
        double lastRow = Double.parseDouble(lines.get(17).legendY());
        assertTrue(lastRow + 8 <= d.height(), "the 18th legend row (at " + lastRow + ") inside the canvas of " + d.height());
        assertTrue(d.height() > 320, "made taller for its legend");
        assertEquals(320, new LineChart("c", "error", true, series.subList(0, 3)).draw(560, 320).height(),
                "a legend that fits leaves the canvas as asked");
        assertTrue(Charts.svg(new LineChart("c", "error", true, series), 560, 320).contains("stroke-dasharray=\"7 4\""),
                "the SVG draws the dashes");
    }

    @Test
    void theLegendIsAsWideAsItsLongestNameAndCutsWhatCannotFit() {
        double[] t = {0, 1}, y = {0.1, 0.2};
        LineChart.Drawing shortNames = new LineChart("c", "error", true, List.of(new LineChart.Series("line-1-to-2", t, y)))
                .draw(560, 320);
        assertEquals(560 - 150, shortNames.right(), "short names: the narrowest legend");
        assertEquals("line-1-to-2", shortNames.lines().get(0).name());

        for (String name : List.of("curve-1-to-2-r3 (bezier)", "wmt-mm-women-to-wmm-men-r3", "MNLI/DEV_MATCHED-TO-ANLI")) {
            LineChart.Drawing d = new LineChart("c", "error", true, List.of(new LineChart.Series("line", t, y),
                    new LineChart.Series(name, t, y))).draw(560, 320);
            assertTrue(d.right() < 560 - 150, "a wider legend for " + name);
            assertEquals(name, d.lines().get(1).name(), "a name that fits is kept whole");
            assertTrue(d.legendTextX() + ChartText.width(name, LineChart.LEGEND_SIZE, false) <= 560 - 8,
                    name + " ends inside the canvas");
        }

        String huge = "W".repeat(80);
        LineChart.Drawing cut = new LineChart("c", "error", true, List.of(new LineChart.Series(huge, t, y))).draw(560, 320);
        assertEquals(560 - 252, cut.right(), "at most 45% of the width goes to the legend");
        String shown = cut.lines().get(0).name();
        assertTrue(shown.endsWith("…") && shown.length() < huge.length(), shown);
        assertTrue(cut.legendTextX() + ChartText.width(shown, LineChart.LEGEND_SIZE, false) <= 560 - 8, "the cut name fits");
    }

    @Test
    void aLongTitleIsDrawnSmallerAndATooLongOneIsCut() {
        double[] t = {0, 1}, y = {0.1, 0.2};
        List<LineChart.Series> one = List.of(new LineChart.Series("s", t, y));
        String usual = "Error along the path on sst2/dev";
        assertTrue(Charts.svg(new LineChart(usual, "error", true, one), 560, 320)
                .contains("font-size=\"14\" font-weight=\"bold\">" + usual + "<"), "a short title at 14 px");

        String longer = "Error along sst2-to-imdb (halves-1 → imdb-all), one line per dataset";
        LineChart.Drawing d = new LineChart(longer, "error", true, one).draw(560, 320);
        assertTrue(d.titleSize() < 14 && d.titleSize() >= 9, "smaller: " + d.titleSize());
        assertTrue(ChartText.width(longer, d.titleSize(), true) <= 560 - d.left() - 8, "and it fits");
        assertTrue(ChartText.width(longer, d.titleSize() + 1, true) > 560 - d.left() - 8, "no smaller than needed");
        assertEquals(longer, d.titleText());
        assertTrue(Charts.svg(new LineChart(longer, "error", true, one), 560, 320)
                .contains("font-size=\"" + d.titleSize() + "\" font-weight=\"bold\">"));

        String huge = "y".repeat(200);
        LineChart.Drawing cut = new LineChart(huge, "error", true, one).draw(560, 320);
        assertEquals(ChartText.MIN_TITLE_SIZE, cut.titleSize());
        assertTrue(cut.titleText().endsWith("…") && ChartText.width(cut.titleText(), 9, true) <= 560 - cut.left() - 8,
                cut.titleText());
        assertTrue(Charts.svg(new LineChart(huge, "error", true, one), 560, 320).contains("aria-label=\"" + huge + "\""),
                "the whole title stays in the SVG's label");
    }
}
