package org.modeconn.core.report;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the report's pieces with Qute templates kept next to this class on the class path
 * ({@code org/modeconn/core/report/*}, or any resource path given): a {@link LineChart} as a standalone SVG
 * document, and pages that embed them. Values are escaped for HTML/XML; records are read by reflection.
 */
public final class Charts {
    private static final Engine ENGINE = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
            .addValueResolver(ValueResolvers.rawResolver()) // {svg.raw}: an SVG document inlined as it is
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML, Variant.TEXT_XML))).removeStandaloneLines(true).build();
    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();

    private Charts() {
    }

    /** The chart as an SVG document ({@code width} × {@code height} pixels), readable on its own or inline in HTML. */
    public static String svg(LineChart chart, int width, int height) {
        return render("org/modeconn/core/report/line-chart.svg", Variant.TEXT_XML, Map.of("d", chart.draw(width, height)));
    }

    /** The chart as an SVG document ({@code width} × {@code height} pixels), readable on its own or inline in HTML. */
    public static String svg(IntervalChart chart, int width, int height) {
        return render("org/modeconn/core/report/interval-chart.svg", Variant.TEXT_XML, Map.of("d", chart.draw(width, height)));
    }

    /**
     * Renders the template at the class-path {@code resource} with {@code data} as its top-level names.
     *
     * @param contentType {@link Variant#TEXT_HTML} or {@link Variant#TEXT_XML} (values are escaped), or text/plain
     * @throws UncheckedIOException if the resource is missing
     */
    public static String render(String resource, String contentType, Map<String, Object> data) {
        Template t = TEMPLATES.computeIfAbsent(resource, r -> ENGINE.parse(read(r), Variant.forContentType(contentType), r));
        var instance = t.instance();
        data.forEach(instance::data);
        return instance.render();
    }

    private static String read(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream found = loader == null ? null : loader.getResourceAsStream(resource);
        try (InputStream in = found != null ? found : Charts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no template " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
