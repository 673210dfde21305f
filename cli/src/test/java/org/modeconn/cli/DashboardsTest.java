package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboards are well formed and documented: every panel has a unique id, a place, the data source
 * variable and at least one query, and the README says what every panel shows. (That every query parses
 * and returns data is shown against a real Prometheus scraping real studies, in PipelineEndToEndTest.)
 */
class DashboardsTest {

    @Test
    void everyPanelQueriesTheChosenPrometheusAndIsDocumented() throws Exception {
        String docs = Files.readString(Services.home().resolve("README.md"));
        List<String> problems = new ArrayList<>();
        List<JsonNode> dashboards = Dashboards.all();
        assertEquals(2, dashboards.size(), "the fleet overview and the study view");
        for (JsonNode d : dashboards) {
            String title = d.path("title").asText();
            assertFalse(d.path("uid").asText().isEmpty(), title + " has a uid");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.path("panels")) {
                String where = title + " / " + p.path("title").asText();
                check(problems, where, "a unique id", ids.add(p.path("id").asInt()));
                check(problems, where, "a grid position", p.at("/gridPos/w").asInt() > 0 && p.at("/gridPos/h").asInt() > 0);
                check(problems, where, "the data source variable", p.at("/datasource/uid").asText().equals("${datasource}"));
                check(problems, where, "a description", !p.path("description").asText().isBlank());
                check(problems, where, "a query", p.path("targets").size() > 0
                        && p.path("targets").findValues("expr").stream().noneMatch(e -> e.asText().isBlank()));
                check(problems, where, "a row in the README's panel tables", docs.contains("| " + p.path("title").asText() + " |"));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(Dashboards.queries().size() >= 20, "every panel's queries are found: " + Dashboards.queries().size());
    }

    private static void check(List<String> problems, String where, String what, boolean ok) {
        if (!ok) {
            problems.add(where + ": needs " + what);
        }
    }
}
