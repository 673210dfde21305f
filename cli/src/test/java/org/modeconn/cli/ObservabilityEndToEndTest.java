package org.modeconn.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.stack.LocalStack;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What an operator sees of the pipeline from outside: the four service jars as separate processes on a
 * real local stack, exporting their spans over OTLP/HTTP to a collector in this test ({@link OtlpCollector}),
 * while the tiny study of {@link PipelineEndToEndTest} runs once to COMPLETED in {@link #startPipelineAndRunTheStudy()}.
 * The tests look at what that run left behind ({@link #completed}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityEndToEndTest {
    private static final String TRAINER = "modeconn-trainer-service";
    private static final String INTERPOLATOR = "modeconn-interpolator-service";
    private static final String EVALUATOR = "modeconn-evaluator-service";
    private static final String REPORTER = "modeconn-reporter-service";

    /** Under target/, so that the service logs are there to read after a failure. */
    private final Path work = Path.of("target", "observability-e2e").toAbsolutePath();
    private final StringWriter console = new StringWriter();

    private LocalStack stack;
    private OtlpCollector collector;
    private Services services;
    /** The tiny study, run to COMPLETED once for every test here. */
    private PipelineEndToEndTest.StudyRun completed;

    @BeforeAll
    void startPipelineAndRunTheStudy() throws Exception {
        PipelineEndToEndTest.deleteRecursively(work);
        stack = LocalStack.start(LocalStack.Config.in(work.resolve("stack")).withTopics(Topics.ALL));
        collector = OtlpCollector.start();
        services = Services.start(stack.endpoints(), work, "-Xmx512m -XX:+UseSerialGC", Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_EXPORTER_OTLP_COMPRESSION", "gzip",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms"));
        completed = PipelineEndToEndTest.runStudy(stack.endpoints(), services,
                PipelineEndToEndTest.writeStudy(work.resolve("study"), 3), new PrintWriter(console));
        assertEquals(StudyStatus.State.COMPLETED, completed.outcome().state(), completed.outcome().message() + "\n" + console);
    }

    @AfterAll
    void stopPipeline() throws Exception {
        if (services != null) {
            services.close();
        }
        if (collector != null) {
            collector.close();
            // Next to the service logs, for reading after a failure: trace, span, parent, service, name, attributes.
            Files.write(work.resolve("spans.txt"), collector.spans().stream()
                    .map(s -> String.join(" ", s.traceId(), s.spanId(), s.root() ? "-" : s.parentSpanId(), s.toString())).toList());
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyPathPointsJourneyFromCheckpointToReportIsOneTraceAcrossTheFourServices() throws Exception {
        StudyPlan plan = completed.plan();
        List<String> points = new ArrayList<>();
        for (StudyPlan.Path p : plan.paths()) {
            for (int i = 0; i < p.grid().size(); i++) {
                points.add(p.id() + "#" + i);
            }
        }
        // Spans arrive in batches, and a parent ends (and is exported) after its children: wait for whole trees.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, String> problems;
        List<OtlpCollector.CollectedSpan> spans;
        do {
            Thread.sleep(500);
            spans = collector.spans();
            problems = new HashMap<>();
            for (String point : points) {
                String problem = journeyProblem(spans, plan.studyId(), point);
                if (problem != null) {
                    problems.put(point, problem);
                }
            }
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        assertEquals(List.of(), collector.problems(), "every export was a valid OTLP request");
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + points.size() + " points: " + problems + "\n" + spans.size() + " spans: "
                    + spans.stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        Set<String> services = spans.stream().map(OtlpCollector.CollectedSpan::service).collect(Collectors.toSet());
        assertTrue(services.containsAll(Set.of(TRAINER, INTERPOLATOR, EVALUATOR, REPORTER)), services.toString());
    }

    /**
     * Why the point {@code pathId#index} has no complete journey yet, or null if it has: the reporter's
     * span for its evaluation descends, send by receive, from the evaluator scoring it, the interpolator
     * writing it, and the trainer announcing the checkpoint that completed its path, up to the trainer's
     * handling of the study; and its trace is one tree (one root, every parent present).
     */
    private static String journeyProblem(List<OtlpCollector.CollectedSpan> spans, String studyId, String point) {
        String pathId = point.substring(0, point.indexOf('#'));
        String index = point.substring(point.indexOf('#') + 1);
        OtlpCollector.CollectedSpan report = spans.stream()
                .filter(s -> s.service().equals(REPORTER) && s.name().equals("process " + Topics.EVALUATIONS)
                        && pathId.equals(s.attributes().get("modeconn.path.id")) && index.equals(s.attributes().get("modeconn.point.index")))
                .findFirst().orElse(null);
        if (report == null) {
            return "no reporter span for its evaluation";
        }
        Map<String, OtlpCollector.CollectedSpan> trace = spans.stream().filter(s -> s.traceId().equals(report.traceId()))
                .collect(Collectors.toMap(OtlpCollector.CollectedSpan::spanId, s -> s, (a, b) -> a));
        List<OtlpCollector.CollectedSpan> roots = trace.values().stream().filter(OtlpCollector.CollectedSpan::root).toList();
        List<OtlpCollector.CollectedSpan> orphans = trace.values().stream()
                .filter(s -> !s.root() && !trace.containsKey(s.parentSpanId())).toList();
        if (roots.size() != 1 || !orphans.isEmpty()) {
            return "trace " + report.traceId() + " is not one tree: roots " + roots + ", spans without their parent " + orphans;
        }
        List<OtlpCollector.CollectedSpan> ancestry = new ArrayList<>();
        for (OtlpCollector.CollectedSpan s = report; s != null; s = s.root() ? null : trace.get(s.parentSpanId())) {
            ancestry.add(s);
        }
        List<String> names = ancestry.stream().map(s -> s.service() + ": " + s.name()).toList();
        List<String> journey = List.of(
                REPORTER + ": process " + Topics.EVALUATIONS,
                EVALUATOR + ": send " + Topics.EVALUATIONS,
                EVALUATOR + ": process " + Topics.PATH_POINTS,
                INTERPOLATOR + ": send " + Topics.PATH_POINTS,
                INTERPOLATOR + ": process " + Topics.CHECKPOINTS,
                TRAINER + ": send " + Topics.CHECKPOINTS,
                TRAINER + ": process " + Topics.TRAINING_JOBS);
        if (names.size() < journey.size() || !names.subList(0, journey.size()).equals(journey)) {
            return "its ancestry is " + names;
        }
        if (!names.get(names.size() - 1).equals(TRAINER + ": process " + Topics.STUDIES)) {
            return "the trace does not begin where the trainer takes the study: " + names;
        }
        for (OtlpCollector.CollectedSpan s : ancestry.subList(0, 4)) { // the point's own spans, from its evaluation back to its writing
            if (!pathId.equals(s.attributes().get("modeconn.path.id")) || !index.equals(s.attributes().get("modeconn.point.index"))
                    || !studyId.equals(s.attributes().get("modeconn.study.id")) || !"kafka".equals(s.attributes().get("messaging.system"))) {
                return "a span of its journey is about something else: " + s;
            }
        }
        if (!"handled".equals(ancestry.get(2).attributes().get("modeconn.outcome"))) {
            return "the evaluator did not handle it: " + ancestry.get(2);
        }
        return null;
    }
}
