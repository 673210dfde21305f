package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.events.Topics;
import org.modeconn.core.metrics.Replicates;
import org.modeconn.core.metrics.Verdict;
import org.modeconn.core.pipeline.ComparisonBarriers;
import org.modeconn.core.spec.StudyPlan;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the study commands share: publishing a study, fetching its report, printing the results table. */
final class StudyClient {
    static final List<String> REPORT_FILES = List.of("report.html", "report.json", "points.csv");

    private StudyClient() {
    }

    /** Publishes the study and waits for the broker's acknowledgement. */
    static void publish(String bootstrap, String studyId, JsonNode spec) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            StudyRequested request = new StudyRequested(Event.SCHEMA, studyId, spec);
            producer.send(new ProducerRecord<>(Topics.STUDIES, studyId, EventCodec.encode(request))).get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Downloads the report files, and the charts (SVG documents and their PNG images) into {@code dir/charts}, from the
     * reporter's REST API.
     */
    static void download(String reporterUrl, String studyId, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String study = reporterUrl.replaceAll("/$", "") + "/studies/" + studyId + "/";
        for (String name : REPORT_FILES) {
            fetch(http, URI.create(study + name), dir.resolve(name));
        }
        Path list = Files.createTempFile(dir, "charts", ".json");
        try {
            fetch(http, URI.create(study + "charts"), list);
            List<String> charts = List.of(EventCodec.mapper().readValue(list.toFile(), String[].class));
            Files.createDirectories(dir.resolve("charts"));
            for (String chart : charts) {
                fetch(http, URI.create(study + "charts/" + chart), dir.resolve("charts").resolve(chart));
            }
        } finally {
            Files.deleteIfExists(list);
        }
    }

    private static void fetch(HttpClient http, URI uri, Path target) throws IOException, InterruptedException {
        HttpResponse<Path> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofFile(target));
        if (res.statusCode() != 200) {
            Files.deleteIfExists(target);
            throw new IOException("GET " + uri + " answered " + res.statusCode());
        }
    }

    /**
     * Per path and dataset: accuracy at both ends and at the worst point, the loss barrier and the error's
     * max − mean and linear barriers, and the verdict with the rule and threshold that gave it.
     */
    static void printResults(PrintWriter out, StudyPlan plan, List<PathReport> reports) {
        out.printf("%-14s %-10s %-14s %8s %8s %8s %9s %9s %9s  %s%n", "path", "curve", "dataset", "acc(0)", "acc(1)",
                "min acc", "loss bar", "err bar", "err lin", "verdict");
        for (PathReport r : reports) {
            StudyPlan.Path p = plan.paths().stream().filter(x -> x.id().equals(r.pathId())).findFirst().orElse(null);
            String name = p == null ? r.pathId() : p.name();
            String curve = p == null ? "" : p.curve().spelling();
            String rule = r.rule() == null ? "" : String.format(Locale.ROOT, " (%s %s %.2f)", r.rule().spelling(),
                    r.verdict() == Verdict.CONNECTED ? "<=" : ">", r.epsilon());
            out.printf(Locale.ROOT, "%-14s %-10s %-14s %8.4f %8.4f %8.4f %9.4f %9.4f %9.4f  %s%s%n", name, curve, r.dataset(),
                    1 - r.errorMetrics().start(), 1 - r.errorMetrics().end(), 1 - r.errorMetrics().max(),
                    r.lossMetrics().barrier(), r.errorMetrics().barrier(), r.errorMetrics().linearBarrierClipped(), r.verdict(), rule);
        }
        List<ComparisonBarriers> replicated = ComparisonBarriers.of(plan, reports).stream().filter(c -> c.paths().size() > 1).toList();
        if (!replicated.isEmpty()) {
            // A sweep with replicates is decided over its seed pairs: the rule's error barrier as a mean with its
            // 95% interval (docs/study-spec.md, "Sweeps and replicates"), the verdict the report gives.
            out.println();
            out.printf("%-22s %-14s %2s %-24s  %s%n", "comparison", "dataset", "n",
                    "err " + plan.spec().barrierRuleOrDefault().spelling() + ", mean ± 95%", "verdict over replicates");
            for (ComparisonBarriers c : replicated) {
                Replicates r = c.barriers().get("error rule");
                out.printf(Locale.ROOT, "%-22s %-14s %2d %9.4f ± %-12.4f  %s (interval %.4f to %.4f, ε %.2f)%n",
                        c.comparison().name(), c.dataset(), r.n(), r.mean(), r.halfWidth(), c.verdict(), r.low(), r.high(),
                        c.epsilon());
            }
        }
        out.flush();
    }
}
