package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards of infra/grafana/dashboards and every PromQL query of their panels. */
final class Dashboards {
    /** Grafana's {@code $__rate_interval} for a one-second scrape: four scrape intervals, at least 15 s here. */
    static final String RATE_INTERVAL = "15s";

    /** One query of one panel. */
    record Query(String dashboard, String panel, String refId, String expr) {
        /** The expression with Grafana's variables replaced as Grafana would for this study. */
        String resolved(String studyId) {
            return expr.replace("$__rate_interval", RATE_INTERVAL).replace("$study", studyId);
        }

        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId + ": " + expr;
        }
    }

    private Dashboards() {
    }

    static Path dir() {
        return Services.home().resolve("infra/grafana/dashboards");
    }

    static List<JsonNode> all() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new ObjectMapper().readTree(f.toFile()));
            }
        }
        return out;
    }

    static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        for (JsonNode d : all()) {
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(d.path("title").asText(), p.path("title").asText(), t.path("refId").asText(),
                            t.path("expr").asText()));
                }
            }
        }
        return out;
    }
}
