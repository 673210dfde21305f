package org.modeconn.reporter;

import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.PNGTranscoder;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's charts as PNG images, for documents and tools that do not take SVG: each chart's SVG document
 * drawn by Apache Batik's {@link PNGTranscoder} at {@link #SCALE} times its size. The SVG stays the
 * original; the PNG is a picture of it, with the same name and {@code .png} in place of {@code .svg}.
 */
final class ChartImages {
    private static final Logger LOG = Logger.getLogger(ChartImages.class);
    /** Image pixels per SVG pixel: a 560 × 320 chart becomes a 1120 × 640 image, sharp in print and on dense screens. */
    static final int SCALE = 2;

    private ChartImages() {
    }

    /**
     * Draws one chart.
     *
     * @param svg   a standalone SVG document ({@code Charts.svg})
     * @param width its width in SVG pixels
     * @return a PNG image {@code SCALE·width} pixels wide and as tall as the document's own aspect ratio makes it
     *         ({@code SCALE·height}: a chart whose legend made it taller than usual keeps its shape)
     * @throws TranscoderException if Batik cannot read or draw the document
     */
    static byte[] png(String svg, int width) throws TranscoderException {
        PNGTranscoder transcoder = new PNGTranscoder();
        transcoder.addTranscodingHint(PNGTranscoder.KEY_WIDTH, (float) (SCALE * width));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transcoder.transcode(new TranscoderInput(new StringReader(svg)), new TranscoderOutput(out));
        return out.toByteArray();
    }

    /**
     * Every chart drawn, or none: the report either has a PNG image for each chart or SVG files only.
     *
     * @param svgs   the charts' SVG documents by file name ({@code *.svg}), each {@code width} pixels wide
     * @param study  the study, for the warning
     * @return the PNG images by file name ({@link #pngFile}) in the same order; empty if any chart could not be drawn
     *         (e.g. a JVM without fonts: AWT throws a plain {@link Error} there), which is logged as a warning
     */
    static Map<String, byte[]> pngs(Map<String, String> svgs, int width, String study) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> chart : svgs.entrySet()) {
            Throwable failure;
            try {
                out.put(pngFile(chart.getKey()), png(chart.getValue(), width));
                continue;
            } catch (TranscoderException | RuntimeException e) {
                failure = e;
            } catch (Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e; // out of memory and the like are not a chart that cannot be drawn
                }
                failure = e;
            }
            LOG.warnf("study %s: chart %s could not be drawn as PNG (%s); the report's charts are SVG files only",
                    study, chart.getKey(), failure);
            return Map.of();
        }
        return out;
    }

    /**
     * The image's file name for a chart's SVG file name: {@code sst2-dev-error.svg} → {@code sst2-dev-error.png}.
     *
     * @throws IllegalArgumentException if {@code svgFile} does not end in {@code .svg}
     */
    static String pngFile(String svgFile) {
        if (!svgFile.endsWith(".svg")) {
            throw new IllegalArgumentException("not an SVG file name: " + svgFile);
        }
        return svgFile.substring(0, svgFile.length() - ".svg".length()) + ".png";
    }
}
