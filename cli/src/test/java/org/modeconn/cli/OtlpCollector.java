package org.modeconn.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A tiny OTLP/HTTP trace receiver for tests: {@code POST /v1/traces} with a binary protobuf
 * {@code ExportTraceServiceRequest} (gzip-compressed or not), answered with an empty
 * {@code ExportTraceServiceResponse}. It keeps every span with the {@code service.name} of its resource.
 * Other methods, paths and JSON bodies are refused (405, 404, 415); a body that does not parse is
 * answered 400 and kept in {@link #problems()}. Listens on the loopback interface only.
 */
final class OtlpCollector implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One received span. Ids are lower-case hex (trace 32 digits, span 16); {@code parentSpanId} is empty
     * for a root span; attribute values are rendered as strings (numbers in decimal).
     */
    record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                Span.SpanKind kind, Map<String, String> attributes) {
        /** True if the span has no parent. */
        boolean root() {
            return parentSpanId.isEmpty();
        }

        @Override
        public String toString() {
            return service + ": " + name + " [" + kind + "] " + attributes;
        }
    }

    private final HttpServer server;
    private final List<CollectedSpan> spans = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private OtlpCollector(HttpServer server) {
        this.server = server;
    }

    /** Starts a collector on a free loopback port. */
    static OtlpCollector start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpCollector collector = new OtlpCollector(server);
        server.createContext("/", collector::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return collector;
    }

    /** The base URL an OTLP/HTTP exporter is given; it posts to {@code /v1/traces} under it. */
    String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Every span received so far (a copy). */
    synchronized List<CollectedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Requests that could not be read, with the reason (a copy). */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!exchange.getRequestURI().getPath().equals("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/x-protobuf")) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                collect(ExportTraceServiceRequest.parseFrom(body));
            } catch (InvalidProtocolBufferException e) {
                synchronized (this) {
                    problems.add("not an ExportTraceServiceRequest (" + body.length + " bytes): " + e.getMessage());
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray(); // all accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            if (response.length == 0) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, response.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response);
                }
            }
        } finally {
            exchange.close();
        }
    }

    private synchronized void collect(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span s : scope.getSpansList()) {
                    spans.add(new CollectedSpan(service, hex(s.getTraceId()), hex(s.getSpanId()), hex(s.getParentSpanId()), s.getName(),
                            s.getKind(), attributes(s.getAttributesList())));
                }
            }
        }
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            AnyValue v = kv.getValue();
            map.put(kv.getKey(), switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> Long.toString(v.getIntValue());
                case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                default -> v.toString().trim(); // arrays, maps, bytes: not used by modeconn's spans
            });
        }
        return map;
    }

    /** Stops listening; the executor's threads end with it. */
    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
