package org.modeconn.reporter;

import org.junit.jupiter.api.Test;
import org.modeconn.core.report.Charts;
import org.modeconn.core.report.LineChart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartImagesTest {

    @Test
    void aChartIsDrawnAtTwiceItsSizeWithItsLinesAndText() throws Exception {
        LineChart chart = new LineChart("Error along the path on sst2/dev", "error", true, List.of(
                new LineChart.Series("line", new double[]{0, 0.5, 1}, new double[]{0.12, 0.30, 0.14}),
                new LineChart.Series("curve", new double[]{0, 0.5, 1}, new double[]{0.12, 0.15, 0.14})));
        byte[] png = ChartImages.png(Charts.svg(chart, 560, 320), 560);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(1120, image.getWidth());
        assertEquals(640, image.getHeight());
        assertEquals(0xFFFFFF, image.getRGB(2, 2) & 0xFFFFFF, "the white background");
        assertTrue(count(image, 0x0072B2, 0, image.getHeight()) > 500, "the first series in its colour");
        assertTrue(count(image, 0xD55E00, 0, image.getHeight()) > 500, "the second series in its colour");
        // The title is drawn in black in the band above the plot (y < 28 in the SVG): the fonts were found.
        assertTrue(dark(image, 0, 2 * 28) > 200, "the title's glyphs");
    }

    @Test
    void aChartMadeTallerByItsLegendKeepsItsShape() throws Exception {
        List<LineChart.Series> many = new java.util.ArrayList<>();
        for (int i = 0; i < 18; i++) {
            many.add(new LineChart.Series("path-" + i, new double[]{0, 1}, new double[]{0.1, 0.2 + 0.01 * i}));
        }
        LineChart chart = new LineChart("c", "error", true, many);
        int height = chart.draw(560, 320).height();
        assertTrue(height > 320, "18 legend rows do not fit 320 pixels");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ChartImages.png(Charts.svg(chart, 560, 320), 560)));
        assertEquals(1120, image.getWidth());
        assertEquals(2 * height, image.getHeight(), "not squeezed into 640 pixels");
    }

    @Test
    void theImageIsNamedAfterItsSvgFile() {
        assertEquals("sst2-dev-error.png", ChartImages.pngFile("sst2-dev-error.svg"));
        assertThrows(IllegalArgumentException.class, () -> ChartImages.pngFile("report.html"));
    }

    @Test
    void everyChartIsDrawnOrNone() {
        LineChart chart = new LineChart("c", "error", true, List.of(new LineChart.Series("s", new double[]{0, 1},
                new double[]{0.1, 0.2})));
        String svg = Charts.svg(chart, 560, 320);
        Map<String, String> charts = new LinkedHashMap<>();
        charts.put("a-loss.svg", svg);
        charts.put("a-error.svg", svg);
        assertEquals(List.of("a-loss.png", "a-error.png"), List.copyOf(ChartImages.pngs(charts, 560, "study-x").keySet()));

        charts.put("broken.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"ten\"/>");
        assertEquals(Map.of(), ChartImages.pngs(charts, 560, "study-x"), "one chart that cannot be drawn: SVG only");
    }

    @Test
    void aDocumentThatIsNotSvgIsRefused() {
        assertThrows(org.apache.batik.transcoder.TranscoderException.class, () -> ChartImages.png("<html/>", 10));
    }

    /** Pixels of exactly {@code rgb} in rows [from, to). */
    private static int count(BufferedImage image, int rgb, int from, int to) {
        int n = 0;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    /** Pixels darker than mid-grey in every channel in rows [from, to). */
    private static int dark(BufferedImage image, int from, int to) {
        int n = 0;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                n += ((p >> 16) & 0xFF) < 96 && ((p >> 8) & 0xFF) < 96 && (p & 0xFF) < 96 ? 1 : 0;
            }
        }
        return n;
    }
}
