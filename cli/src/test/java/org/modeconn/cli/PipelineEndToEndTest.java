package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.modeconn.core.events.DeadLetter;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four service jars as separate processes on a real local stack, driven through the topics as a
 * user would: bad records end as dead letters, an invalid study is rejected with its problems, and a
 * tiny real study (MiniLM, a few steps, synthetic data) completes with a report whose numbers agree
 * with an independent computation from its points. Publishing the study again resumes it: nothing is
 * trained twice; editing a staged dataset makes a new study that trains anew. A study that pre-trains its own base model trains its endpoints from that checkpoint.
 * A real Prometheus scrapes the services throughout, and every dashboard query returns data from it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
    /** Under target/, so that the service logs are there to read after a failure. */
    private final Path work = Path.of("target", "pipeline-e2e").toAbsolutePath();

    private LocalStack stack;
    private Services services;
    /** Scrapes the four services from the start (null where Debian's prometheus is not installed). */
    private PrometheusServer prometheus;
    private Instant started;
    /** The tiny study of {@link #aTinyStudyRunsThroughTheFourServicesAndItsReportAgreesWithItsPoints}, once it completed. */
    private String tinyStudyId;
    private final StringWriter console = new StringWriter();

    @BeforeAll
    void startPipeline() throws Exception {
        deleteRecursively(work);
        stack = LocalStack.start(LocalStack.Config.in(work.resolve("stack")).withTopics(Topics.ALL));
        services = Services.start(stack.endpoints(), work, "-Xmx512m -XX:+UseSerialGC");
        started = Instant.now();
        if (Files.isExecutable(PrometheusServer.BINARY)) {
            prometheus = PrometheusServer.start(work.resolve("prometheus"), Services.NAMES.stream()
                    .map(n -> "127.0.0.1:" + services.get(n).port()).toList());
        }
    }

    @AfterAll
    void stopPipeline() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (services != null) {
            services.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void badRecordsBecomeDeadLettersAndAnInvalidStudyIsRejectedWithEveryProblem() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrapServers();
        Map<TopicPartition, Long> deadLettersFrom = ends(bootstrap, Topics.DEAD_LETTERS);
        send(bootstrap, Topics.CHECKPOINTS, "junk-1", "this is not JSON");
        send(bootstrap, Topics.PATH_POINTS, "junk-2", "{\"schema\": 1, \"type\": \"PathPointReady\", \"studyId\": \"s\"}");

        ObjectNode spec = (ObjectNode) StudyFiles.tree(writeStudy(3));
        ((ObjectNode) spec.path("paths").path("line")).put("to", "nobody");
        ((ObjectNode) spec.path("defaults")).put("steps", -1);
        try (StudyWatcher watcher = new StudyWatcher(bootstrap, "bad-study", false)) {
            StudyClient.publish(bootstrap, "bad-study", spec);
            StudyWatcher.Outcome o = watcher.await(new PrintWriter(console), () -> null, Duration.ofMinutes(2));
            assertEquals(StudyStatus.State.REJECTED, o.state());
            List<String> paths = o.errors().stream().map(p -> p.path()).toList();
            assertTrue(paths.contains("$.paths.line.to"), paths.toString());
            assertTrue(paths.stream().anyMatch(p -> p.endsWith(".steps")), paths.toString());
        }

        // A valid spec whose evaluation split has a bad row is rejected when accepted, before any training.
        Path bad = work.resolve("bad-data");
        Files.createDirectories(bad);
        Files.write(bad.resolve("train.tsv"), withHeader(SyntheticDataCommand.examples(new Random(3), 16)));
        Files.writeString(bad.resolve("dev.tsv"), "sentence\tlabel\na fine film .\t1\na strange row .\t5\n");
        StudyRun rejected = runStudy(lineStudy(bad, "bad"));
        assertEquals(StudyStatus.State.REJECTED, rejected.outcome.state(), rejected.outcome.message());
        assertEquals(List.of("$.datasets.synth.splits.dev"), rejected.outcome.errors().stream().map(p -> p.path()).toList());
        assertTrue(rejected.outcome.errors().get(0).message().contains("dev.tsv:3:"), rejected.outcome.errors().toString());

        List<DeadLetter> letters = readDeadLetters(bootstrap, deadLettersFrom, 4, Duration.ofMinutes(1));
        Map<String, List<String>> servicesByTopic = letters.stream().collect(Collectors.groupingBy(DeadLetter::topic,
                Collectors.mapping(DeadLetter::service, Collectors.toList())));
        // Both checkpoint consumers (trainer, interpolator) and the path-point consumer (evaluator) refuse them.
        assertTrue(servicesByTopic.get(Topics.CHECKPOINTS).containsAll(List.of("modeconn-trainer-service",
                "modeconn-interpolator-service")), servicesByTopic.toString());
        assertTrue(servicesByTopic.get(Topics.PATH_POINTS).contains("modeconn-evaluator-service"), servicesByTopic.toString());
        DeadLetter notJson = letters.stream().filter(l -> l.recordKey().equals("junk-1")).findFirst().orElseThrow();
        assertTrue(notJson.error().startsWith("not JSON"), notJson.error());
        assertEquals("this is not JSON", notJson.value());
        DeadLetter half = letters.stream().filter(l -> l.recordKey().equals("junk-2")).findFirst().orElseThrow();
        assertTrue(half.error().startsWith("invalid PathPointReady"), half.error());
        assertEquals(null, services.deadService());
    }

    @Test
    @Order(2)
    void aTinyStudyRunsThroughTheFourServicesAndItsReportAgreesWithItsPoints() throws Exception {
        StudyRun run = runStudy();
        assertEquals(StudyStatus.State.COMPLETED, run.outcome.state(), run.outcome.message() + "\n" + console);
        StudyPlan plan = run.plan;
        tinyStudyId = plan.studyId();
        Path reportDir = work.resolve("report");
        StudyClient.download(services.get("reporter-service").url(), plan.studyId(), reportDir);
        assertTrue(Files.readString(reportDir.resolve("report.html")).contains("<svg"));
        // Every chart as its SVG document and a PNG image of twice its size (ChartImages).
        List<Path> svgs;
        try (var charts = Files.list(reportDir.resolve("charts"))) {
            svgs = charts.filter(f -> f.toString().endsWith(".svg")).toList();
        }
        assertFalse(svgs.isEmpty(), "the report's charts");
        for (Path svg : svgs) {
            Path png = svg.resolveSibling(svg.getFileName().toString().replace(".svg", ".png"));
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(List.of(1120, 640), List.of(image.getWidth(), image.getHeight()), png.toString());
        }

        // Every point of every path and dataset exactly once.
        List<String[]> rows = Files.readAllLines(reportDir.resolve("points.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        for (StudyPlan.Path p : plan.paths()) {
            List<Integer> indices = rows.stream().filter(r -> r[1].equals(p.id())).map(r -> Integer.parseInt(r[3])).sorted().toList();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < p.grid().size(); i++) {
                expected.add(i);
            }
            assertEquals(expected, indices, "points of path " + p.name());
        }
        // The metrics, recomputed by hand from the reported points.
        List<PathReport> reports = run.outcome.report().paths();
        assertEquals(plan.paths().size(), reports.size());
        for (PathReport r : reports) {
            List<String[]> points = rows.stream().filter(x -> x[1].equals(r.pathId())).toList();
            double[] t = points.stream().mapToDouble(x -> Double.parseDouble(x[4])).toArray();
            double[] loss = points.stream().mapToDouble(x -> Double.parseDouble(x[6])).toArray();
            double[] error = points.stream().mapToDouble(x -> Double.parseDouble(x[8])).toArray();
            assertEquals(barrier(loss), r.lossMetrics().barrier(), 1e-12);
            assertEquals(barrier(error), r.errorMetrics().barrier(), 1e-12);
            assertEquals(linearBarrier(t, loss), r.lossMetrics().linearBarrier(), 1e-12);
            assertEquals(org.modeconn.core.metrics.BarrierRule.LINEAR, r.rule(), "the default rule, named in the report");
            assertEquals(Math.max(0, linearBarrier(t, error)) <= 0.02, r.verdict().name().equals("CONNECTED"));
            assertTrue(r.distance().parameters() > 20_000_000, "full fine-tuning interpolates every MiniLM weight");
            for (double l : loss) {
                assertTrue(l > 0 && Double.isFinite(l));
            }
        }
        // Endpoint a recorded its dynamics (steps 2 and 3): each path from it groups all 32 dev examples, and the
        // examples right at its start are as many as its first point's accuracy says.
        com.fasterxml.jackson.databind.JsonNode forgetting = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(reportDir.resolve("report.json").toFile()).path("forgetting");
        assertEquals(plan.paths().size(), forgetting.size(), forgetting.toString());
        for (com.fasterxml.jackson.databind.JsonNode f : forgetting) {
            assertEquals("[2,3]", f.path("recordedSteps").toString());
            int total = 0;
            for (com.fasterxml.jackson.databind.JsonNode g : f.path("groups")) {
                total += g.path("count").asInt();
            }
            assertEquals(32, total, "every dev example in one group: " + f);
            String pathId = plan.paths().stream().filter(p -> p.name().equals(f.path("path").asText())).findFirst().orElseThrow().id();
            double accuracyAtStart = rows.stream().filter(r -> r[1].equals(pathId) && r[3].equals("0"))
                    .mapToDouble(r -> Double.parseDouble(r[7])).findFirst().orElseThrow();
            assertEquals(Math.round(accuracyAtStart * 32), f.path("rightAtStart").asInt(), f.toString());
        }
        assertTrue(Files.readString(reportDir.resolve("report.html")).contains("Which examples a path forgets first"));
        // The per-example blobs are in the store, one per point and dataset.
        try (ObjectStore store = StackCommand.objectStore(stack.endpoints())) {
            for (StudyPlan.Path p : plan.paths()) {
                assertEquals(p.grid().size() * p.eval().size(),
                        store.list("studies/" + plan.studyId() + "/paths/" + p.id() + "/examples/").size());
            }
        }
    }

    @Test
    @Order(3)
    void publishingTheStudyAgainResumesItWithoutTrainingAgain() throws Exception {
        StudyRun run = runStudy();
        assertEquals(StudyStatus.State.COMPLETED, run.outcome.state(), run.outcome.message());
        long trained = Files.readAllLines(services.get("trainer-service").log()).stream()
                .filter(l -> l.contains("training endpoint")).count();
        assertEquals(2, trained, "each endpoint is trained once, however often the study is published");
        long blended = Files.readAllLines(services.get("interpolator-service").log()).stream()
                .filter(l -> l.contains("PointWriter") && l.contains("bytes in")).count();
        assertEquals(run.plan.paths().stream().mapToInt(p -> p.grid().size()).sum(), blended);
    }

    @Test
    @Order(5)
    void submitWatchAndReportWorkAgainstTheRunningServices() throws Exception {
        LocalStack.Endpoints e = stack.endpoints();
        JsonNode staged = stage(writeStudy(3));
        Path file = work.resolve("staged.json");
        Files.writeString(file, staged.toPrettyString()); // data already in the store, as `submit` requires

        CliTest.Run submitted = CliTest.run("submit", file.toString(), "--bootstrap", e.kafkaBootstrapServers());
        assertEquals(0, submitted.exit(), submitted.err());
        String studyId = submitted.out().trim();
        assertEquals(StudyFiles.planOrFail(staged, "staged").studyId(), studyId);

        CliTest.Run watched = CliTest.run("watch", studyId, "--bootstrap", e.kafkaBootstrapServers(), "--timeout", "5");
        assertEquals(0, watched.exit(), watched.out() + watched.err());
        assertTrue(watched.out().contains("COMPLETED"), watched.out());

        Path out = work.resolve("fetched");
        CliTest.Run fetched = CliTest.run("report", studyId, "--reporter", services.get("reporter-service").url(),
                "--out", out.toString());
        assertEquals(0, fetched.exit(), fetched.err());
        for (String name : StudyClient.REPORT_FILES) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        CliTest.Run unknown = CliTest.run("report", "study-0000000000000000", "--reporter",
                services.get("reporter-service").url(), "--out", out.toString());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("404"), unknown.err());
    }

    @Test
    @Order(4)
    void endpointsWaitForThePreTrainingCheckpointTheyStartFrom() throws Exception {
        Path dir = work.resolve("study");
        Files.write(dir.resolve("data/corpus.txt"), SyntheticDataCommand.examples(new Random(5), 400).stream()
                .map(l -> l.substring(0, l.indexOf('\t'))).toList());
        Path study = dir.resolve("pretrained.yaml");
        Files.writeString(study, """
                name: from-scratch
                baseModel: pretrain:tiny@6
                datasets:
                  synth: {format: tsv, text: [sentence], label: label, numLabels: 2,
                          splits: {train: data/train.tsv, dev: data/dev.tsv}}
                pretraining:
                  tiny:
                    config: {layers: 2, hidden: 32, heads: 2, intermediate: 64, vocabSize: 300, maxPositions: 34}
                    corpus: {train: data/corpus.txt}
                    steps: 6
                    checkpointEvery: 3
                    learningRate: 1.0e-3
                    batchSize: 8
                    maxLength: 32
                defaults: {task: synth, learningRate: 1.0e-3, batchSize: 8, steps: 3, maxLength: 16}
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}}
                  b: {seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: 2}, eval: [synth/dev]}
                """);
        StudyRun run = runStudy(study);
        assertEquals(StudyStatus.State.COMPLETED, run.outcome.state(), run.outcome.message());
        String trainerLog = Files.readString(services.get("trainer-service").log());
        assertTrue(trainerLog.contains("pre-training tiny step 3: held-out perplexity"), "both checkpoint steps saved");
        assertTrue(trainerLog.contains("pre-training tiny step 6: held-out perplexity"));
        StudyPlan.Pretraining tiny = run.plan.pretraining().get(0);
        try (ObjectStore store = StackCommand.objectStore(stack.endpoints())) {
            assertEquals(List.of("config.json", "model.safetensors", "tokenizer.json"),
                    store.list(org.modeconn.core.store.ObjectKeys.checkpointDirectory(run.plan.studyId(), tiny.id() + "-step6"))
                            .stream().map(k -> k.substring(k.lastIndexOf('/') + 1)).sorted().toList());
        }
        PathReport line = run.outcome.report().paths().get(0);
        assertTrue(line.distance().parameters() > 10_000 && line.distance().parameters() < 1_000_000,
                "the tiny pre-trained encoder, not MiniLM: " + line.distance().parameters());
    }

    @Test
    @Order(6)
    void anEditedDatasetIsANewStudyTrainedAnewAndAnUnchangedOneResumes() throws Exception {
        Path dir = work.resolve("edited");
        Files.createDirectories(dir);
        Random random = new Random(23);
        Files.write(dir.resolve("train.tsv"), withHeader(SyntheticDataCommand.examples(random, 64)));
        Files.write(dir.resolve("dev.tsv"), withHeader(SyntheticDataCommand.examples(random, 16)));
        Path study = lineStudy(dir, "edited");
        long before = trainedEndpoints();
        StudyRun first = runStudy(study);
        assertEquals(StudyStatus.State.COMPLETED, first.outcome.state(), first.outcome.message());
        assertEquals(before + 2, trainedEndpoints());

        StudyRun unchanged = runStudy(study);
        assertEquals(first.plan.studyId(), unchanged.plan.studyId(), "unchanged input: the same study");
        assertEquals(StudyStatus.State.COMPLETED, unchanged.outcome.state(), unchanged.outcome.message());
        assertEquals(before + 2, trainedEndpoints(), "an unchanged rerun resumes: nothing is trained again");

        List<String> rows = new ArrayList<>(Files.readAllLines(dir.resolve("train.tsv")));
        rows.set(1, "an edited example that was not there before\t1");
        Files.write(dir.resolve("train.tsv"), rows);
        StudyRun edited = runStudy(study);
        assertFalse(first.plan.studyId().equals(edited.plan.studyId()), "an edited training split is a new study");
        assertEquals(StudyStatus.State.COMPLETED, edited.outcome.state(), edited.outcome.message());
        assertEquals(before + 4, trainedEndpoints(), "the new study trains both endpoints anew");
    }

    /**
     * What Grafana shows is there: a real Prometheus, configured from infra/prometheus, has scraped the four
     * services through every study above; every query of every dashboard panel (the study view on the tiny
     * study) parses and returns data over that time, and a stray record raises the dead-letter alert.
     */
    @Test
    @Order(7)
    void everyDashboardQueryReturnsDataFromARealPrometheusThatScrapedTheStudies() throws Exception {
        Assumptions.assumeTrue(prometheus != null, PrometheusServer.BINARY + " is missing: apt-get install prometheus (.ci/run does)");
        Assumptions.assumeTrue(tinyStudyId != null, "the tiny study did not complete");
        JsonNode targets = prometheus.targets().at("/data/activeTargets");
        assertEquals(4, targets.size(), targets.toString());
        targets.forEach(t -> assertEquals("up", t.path("health").asText(), t.toString()));
        // The reporter refreshes its study gauges every few seconds: wait for the last study's barriers.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (prometheus.query("modeconn_path_barrier{study=\"" + tinyStudyId + "\"}").at("/data/result").isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        List<String> problems = new ArrayList<>();
        List<Dashboards.Query> queries = Dashboards.queries();
        for (Dashboards.Query q : queries) {
            JsonNode answer = prometheus.queryRange(q.resolved(tinyStudyId), started, Instant.now(), Duration.ofSeconds(1));
            if (!answer.path("status").asText().equals("success")) {
                problems.add(q + " -> " + answer.path("errorType").asText() + ": " + answer.path("error").asText());
            } else if (!hasNumber(answer.at("/data/result"))) {
                problems.add(q + " -> no data");
            }
        }
        assertEquals(List.of(), problems, queries.size() + " queries");

        // One more stray record: the dead-letter alert fires (its rule runs every second here).
        send(stack.endpoints().kafkaBootstrapServers(), Topics.PATH_POINTS, "junk-3", "not JSON either");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode alerts = prometheus.alerts().at("/data/alerts");
        while (alerts.findValues("alertname").stream().noneMatch(a -> a.asText().equals("ModeconnDeadLetters"))
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            alerts = prometheus.alerts().at("/data/alerts");
        }
        assertTrue(alerts.toString().contains("\"topic\":\"modeconn.path-points\""), alerts.toString());
    }

    /** Whether a range query's result has at least one series with at least one value that is a number. */
    private static boolean hasNumber(JsonNode result) {
        for (JsonNode series : result) {
            for (JsonNode v : series.path("values")) {
                if (!v.get(1).asText().equals("NaN")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A study named {@code name} in {@code dir}: two MiniLM endpoints (2 steps) on dir's train.tsv, a line of 2 points on its dev.tsv. */
    static Path lineStudy(Path dir, String name) throws Exception {
        Path study = dir.resolve(name + ".yaml");
        Files.writeString(study, """
                name: %s
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  synth: {format: tsv, text: [sentence], label: label, numLabels: 2, splits: {train: train.tsv, dev: dev.tsv}}
                defaults: {task: synth, learningRate: 1.0e-4, batchSize: 8, steps: 2, maxLength: 16}
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}}
                  b: {seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: 2}, eval: [synth/dev]}
                """.formatted(name));
        return study;
    }

    private long trainedEndpoints() throws Exception {
        return Files.readAllLines(services.get("trainer-service").log()).stream().filter(l -> l.contains("training endpoint")).count();
    }

    /** A study's plan and how it ended. */
    record StudyRun(StudyPlan plan, StudyWatcher.Outcome outcome) {
    }

    private StudyRun runStudy() throws Exception {
        return runStudy(writeStudy(3));
    }

    private StudyRun runStudy(Path study) throws Exception {
        return runStudy(stack.endpoints(), services, study, new PrintWriter(console));
    }

    /**
     * Stages {@code study} (see {@link #stage(LocalStack.Endpoints, Path, PrintWriter)}), publishes it and waits
     * (up to 10 minutes) until it ends or a service dies; progress goes to {@code console}.
     */
    static StudyRun runStudy(LocalStack.Endpoints stack, Services services, Path study, PrintWriter console) throws Exception {
        JsonNode staged = stage(stack, study, console);
        StudyPlan plan = StudyFiles.planOrFail(staged, "test study");
        String bootstrap = stack.kafkaBootstrapServers();
        try (StudyWatcher watcher = new StudyWatcher(bootstrap, plan.studyId(), false)) {
            StudyClient.publish(bootstrap, plan.studyId(), staged);
            return new StudyRun(plan, watcher.await(console, services::deadService, Duration.ofMinutes(10)));
        }
    }

    private JsonNode stage(Path study) throws Exception {
        return stage(stack.endpoints(), study, new PrintWriter(console));
    }

    /** Uploads the study's local data as `run` does; returns the spec that names the uploaded copies. */
    static JsonNode stage(LocalStack.Endpoints stack, Path study, PrintWriter console) throws Exception {
        try (ObjectStore store = StackCommand.objectStore(stack)) {
            return new Staging(store, new LocalData(study.getParent()), console).stage(StudyFiles.tree(study));
        }
    }

    private Path writeStudy(int points) throws Exception {
        return writeStudy(work.resolve("study"), points);
    }

    /**
     * Writes a tiny study into {@code dir} (its data under {@code dir/data}): two MiniLM endpoints (3 steps; a
     * records its training dynamics on dev), a line and a Bezier curve with {@code points} points each, scored on
     * 32 synthetic examples.
     */
    static Path writeStudy(Path dir, int points) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Random random = new Random(11);
        Files.write(dir.resolve("data/train.tsv"), withHeader(SyntheticDataCommand.examples(random, 160)));
        Files.write(dir.resolve("data/dev.tsv"), withHeader(SyntheticDataCommand.examples(random, 32)));
        Path study = dir.resolve("tiny.yaml");
        Files.writeString(study, """
                name: tiny
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  synth: {format: tsv, text: [sentence], label: label, numLabels: 2,
                          splits: {train: data/train.tsv, dev: data/dev.tsv}}
                defaults: {task: synth, learningRate: 1.0e-4, batchSize: 8, steps: 3, maxLength: 16}
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}, dynamics: {split: dev, every: 2}}
                  b: {seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: %d}, eval: [synth/dev]}
                  curve: {from: a, to: b, curve: {kind: bezier, bends: 1}, grid: {points: %d}, eval: [synth/dev],
                          fit: {steps: 2, learningRate: 1.0e-5, batchSize: 8, validateAt: [0.5]}}
                """.formatted(points, points));
        return study;
    }

    private static List<String> withHeader(List<String> rows) {
        List<String> lines = new ArrayList<>(List.of("sentence\tlabel"));
        lines.addAll(rows);
        return lines;
    }

    /** max_i f_i − (f_0 + f_last)/2, written out again here rather than calling the code under test. */
    private static double barrier(double[] f) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : f) {
            max = Math.max(max, v);
        }
        return max - (f[0] + f[f.length - 1]) / 2;
    }

    /** max_i f_i − [(1 − t_i) f_0 + t_i f_last]. */
    private static double linearBarrier(double[] t, double[] f) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < f.length; i++) {
            max = Math.max(max, f[i] - ((1 - t[i]) * f[0] + t[i] * f[f.length - 1]));
        }
        return max;
    }

    private static void send(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, Long> ends(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> c = consumer(bootstrap)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(c.endOffsets(tps));
        }
    }

    private static List<DeadLetter> readDeadLetters(String bootstrap, Map<TopicPartition, Long> from, int atLeast, Duration timeout) {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer(bootstrap)) {
            c.assign(from.keySet());
            from.forEach(c::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (letters.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    letters.add(EventCodec.decode(r.value(), DeadLetter.class));
                }
            }
            // A little longer: the services answer independently.
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(3))) {
                letters.add(EventCodec.decode(r.value(), DeadLetter.class));
            }
        }
        assertFalse(letters.size() < atLeast, "dead letters: " + letters);
        return letters;
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }
}
