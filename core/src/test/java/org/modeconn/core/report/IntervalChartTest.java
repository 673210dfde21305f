package org.modeconn.core.report;

import org.junit.jupiter.api.Test;
import org.modeconn.core.metrics.Replicates;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each column's rings, mean and whisker land where the values put them on the y axis; ε is marked; SVG is well formed. */
class IntervalChartTest {

    @Test
    void everyReplicateTheMeanAndTheIntervalAreDrawnAtTheirValues() throws Exception {
        IntervalChart chart = new IntervalChart("barrier against learning rate", "error barrier", true, 0.02, List.of(
                IntervalChart.Column.of("1.0E-4 → 3.0E-5", 0.02, 0.035, 0.011),
                IntervalChart.Column.of("seeds <only>", 0.004)));
        IntervalChart.Drawing d = chart.draw(560, 320);
        // y maps linearly from the tick range onto [bottom, top]
        double yMin = Double.parseDouble(d.yTicks().get(0).label().replace("%", "")) / 100;
        double yMax = Double.parseDouble(d.yTicks().get(d.yTicks().size() - 1).label().replace("%", "")) / 100;
        Replicates r = Replicates.of(0.02, 0.035, 0.011);
        assertTrue(yMin <= 0 && yMax >= r.high(), "the axis covers 0 and the interval: " + yMin + ".." + yMax);
        IntervalChart.Mark first = d.marks().get(0);
        assertEquals(y(r.mean(), yMin, yMax, d), Double.parseDouble(first.mean()), 0.06);
        assertEquals(y(r.low(), yMin, yMax, d), Double.parseDouble(first.low()), 0.06);
        assertEquals(y(r.high(), yMin, yMax, d), Double.parseDouble(first.high()), 0.06);
        assertEquals(y(0.035, yMin, yMax, d), Double.parseDouble(first.rings().get(1)), 0.06);
        assertEquals(y(0.02, yMin, yMax, d), Double.parseDouble(d.thresholdY()), 0.06);
        assertTrue(first.interval());
        assertTrue(!d.marks().get(1).interval(), "one replicate: no whisker");

        String svg = Charts.svg(chart, 560, 320);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList circles = doc.getElementsByTagName("circle");
        assertEquals(3 + 1 + 1 + 1, circles.getLength(), "a ring per replicate and a dot per mean");
        List<String> dashed = new ArrayList<>();
        NodeList lines = doc.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element e = (Element) lines.item(i);
            if (e.hasAttribute("stroke-dasharray")) {
                dashed.add(e.getAttribute("y1"));
            }
        }
        assertEquals(List.of(d.thresholdY()), dashed, "ε as one dashed line");
        assertTrue(svg.contains("ε = 2%") && svg.contains("seeds &lt;only&gt;") && svg.contains("error barrier (%)"), svg);
    }

    private static double y(double v, double min, double max, IntervalChart.Drawing d) {
        return d.bottom() - (v - min) / (max - min) * (d.bottom() - d.top());
    }
}
