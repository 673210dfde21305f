package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package) for tests, run with the project's own
 * configuration from infra/prometheus (its rules included), scraping every second the targets given
 * (host:port of services exposing {@code /q/metrics}), and queried over its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String url;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts Prometheus in {@code dir} with infra/prometheus's configuration, scrape and rule evaluation
     * intervals shortened to one second, and {@code targets} as the only scrape targets.
     *
     * @throws IOException if it does not become ready within a minute (its log says why)
     */
    static PrometheusServer start(Path dir, List<String> targets) throws IOException, InterruptedException {
        Path infra = Services.home().resolve("infra/prometheus");
        Files.createDirectories(dir.resolve("targets"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode config = (ObjectNode) yaml.readTree(infra.resolve("prometheus.yml").toFile());
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        yaml.writeValue(dir.resolve("prometheus.yml").toFile(), config);
        Files.copy(infra.resolve("rules.yml"), dir.resolve("rules.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ObjectNode group = JSON.createObjectNode();
        group.putArray("targets").addAll(targets.stream().map(t -> JSON.getNodeFactory().textNode(t)).toList());
        JSON.writeValue(dir.resolve("targets/local.json").toFile(), List.of(group));

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, "http://127.0.0.1:" + port, log);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited (code " + process.exitValue() + "):\n" + Services.tail(log, 20));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("prometheus was not ready within a minute; see " + log);
    }

    /** GET {@code /api/v1/query_range}: the whole JSON answer (status "success" or "error" with its message). */
    JsonNode queryRange(String promql, Instant start, Instant end, Duration step) throws IOException, InterruptedException {
        return get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds());
    }

    /** GET {@code /api/v1/query} at the server's present time. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** GET {@code /api/v1/targets}: the scrape targets and their health. */
    JsonNode targets() throws IOException, InterruptedException {
        return get("/api/v1/targets");
    }

    /** GET {@code /api/v1/alerts}: the alerts of the rules, pending or firing. */
    JsonNode alerts() throws IOException, InterruptedException {
        return get("/api/v1/alerts");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
