package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected for real into the four service processes on a real local stack (docs/reliability.md).
 * A study runs once undisturbed; the same spec under another name then runs while each service is killed
 * with SIGKILL in the middle of its work (the trainer twice: mid-endpoint and mid-curve-fit) and started
 * again, and while the broker and then the object store are stopped for a few seconds and started
 * again. The disturbed study completes, every point is reported exactly once, the killed training jobs
 * resumed from their saved state, and the report holds exactly the undisturbed run's numbers. Then two
 * trainer and two evaluator replicas share one study; one trainer replica is killed mid-job and the
 * other finishes its work. Stray records, orphaned services, a full replay, and a study that completes
 * while the reporter is down follow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionEndToEndTest {
    private final Path work = Path.of("target", "fault-e2e").toAbsolutePath();
    private final StringWriter console = new StringWriter();
    private LocalStack stack;
    private Services services;

    @BeforeAll
    void startPipeline() throws Exception {
        PipelineEndToEndTest.deleteRecursively(work);
        stack = LocalStack.start(LocalStack.Config.in(work.resolve("stack")).withTopics(Topics.ALL));
        // The trainer saves its training state every 4 steps, so that a kill always finds one. One intra-op
        // thread per service makes training and scoring bit-reproducible across processes, which the exact
        // comparison below needs: with several, PyTorch's CPU kernels gave another result in about 1 run in
        // 24 under load (docs/reliability.md#determinism).
        services = Services.start(stack.endpoints(), work,
                "-Xmx512m -XX:+UseSerialGC -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1",
                Map.of("MODECONN_TRAINER_STATE_EVERY", "4", "OMP_NUM_THREADS", "1", "MKL_NUM_THREADS", "1"));
    }

    @AfterAll
    void stopPipeline() {
        if (services != null) {
            services.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** One fault: when its condition first holds, it runs (in its own thread) and is recorded. */
    private final class Fault {
        final String name;
        final BooleanSupplier when;
        final FaultAction action;
        volatile boolean started;
        volatile Throwable failed;
        Thread thread;

        Fault(String name, BooleanSupplier when, FaultAction action) {
            this.name = name;
            this.when = when;
            this.action = action;
        }
    }

    @FunctionalInterface
    private interface FaultAction {
        void run() throws Exception;
    }

    @Test
    @Order(1)
    void aStudyKilledRestartedAndCutOffEverywhereReportsExactlyWhatAnUndisturbedRunReports() throws Exception {
        Path undisturbedSpec = writeStudy("faults-undisturbed");
        PipelineEndToEndTest.StudyRun undisturbed = PipelineEndToEndTest.runStudy(stack.endpoints(), services, undisturbedSpec,
                new PrintWriter(console));
        assertEquals(StudyStatus.State.COMPLETED, undisturbed.outcome().state(), undisturbed.outcome().message() + "\n" + console);

        Path disturbedSpec = writeStudy("faults-disturbed");
        JsonNode staged = PipelineEndToEndTest.stage(stack.endpoints(), disturbedSpec, new PrintWriter(console));
        StudyPlan plan = StudyFiles.planOrFail(staged, "disturbed");
        String id = plan.studyId();
        StudyPlan.Path line = plan.paths().stream().filter(p -> p.name().equals("line")).findFirst().orElseThrow();
        StudyPlan.Path curve = plan.paths().stream().filter(p -> p.name().equals("curve")).findFirst().orElseThrow();
        List<String> endpointIds = plan.endpoints().stream().map(StudyPlan.Endpoint::id).toList();
        String reporter = services.get("reporter-service").url();

        List<String> curveState = List.of(ObjectKeys.trainingState(id, curve.id()));
        Map<String, List<String>> points = new java.util.HashMap<>();
        Map<String, List<String>> scores = new java.util.HashMap<>();
        for (StudyPlan.Path p : plan.paths()) {
            points.put(p.name(), java.util.stream.IntStream.range(0, p.grid().size())
                    .mapToObj(i -> ObjectKeys.pathPoint(id, p.id(), i)).toList());
            scores.put(p.name(), java.util.stream.IntStream.range(0, p.grid().size())
                    .mapToObj(i -> ObjectKeys.pointExamples(id, p.id(), i, p.eval().get(0))).toList());
        }
        List<String> endpointStates = endpointIds.stream().map(e -> ObjectKeys.trainingState(id, e)).toList();
        List<String> watched = new ArrayList<>(endpointStates);
        watched.addAll(curveState);
        points.values().forEach(watched::addAll);
        scores.values().forEach(watched::addAll);

        try (ObjectStore store = StackCommand.objectStore(stack.endpoints())) {
            Watch watch = new Watch(store, watched);
            List<String> injected = new CopyOnWriteArrayList<>();
            List<Fault> faults = new ArrayList<>();
            faults.add(new Fault("trainer killed mid-endpoint",
                    () -> endpointStates.stream().anyMatch(watch::has),
                    () -> killAndRestart("trainer-service")));
            faults.add(new Fault("trainer killed mid-curve-fit",
                    () -> watch.has(curveState.get(0)),
                    () -> killAndRestart("trainer-service")));
            faults.add(new Fault("interpolator killed mid-interpolation",
                    () -> points.values().stream().anyMatch(keys -> between(watch.count(keys), keys.size())),
                    () -> killAndRestart("interpolator-service")));
            faults.add(new Fault("evaluator killed mid-evaluation",
                    () -> scores.values().stream().anyMatch(keys -> between(watch.count(keys), keys.size())),
                    () -> killAndRestart("evaluator-service")));
            faults.add(new Fault("reporter killed mid-study, with evaluations received",
                    () -> scores.values().stream().mapToInt(watch::count).sum() >= 2,
                    () -> killAndRestart("reporter-service")));
            faults.add(new Fault("broker stopped for 5 s mid-training and started again",
                    () -> injected.contains("trainer killed mid-endpoint"),
                    () -> {
                        stack.stopBroker();
                        Thread.sleep(5000);
                        stack.startBroker();
                    }));
            faults.add(new Fault("object store stopped for 5 s mid-study and started again",
                    () -> injected.contains("broker stopped for 5 s mid-training and started again"),
                    () -> {
                        stack.stopStore();
                        Thread.sleep(5000);
                        stack.startStore();
                    }));

            PipelineEndToEndTest.StudyRun disturbed;
            try (StudyWatcher watcher = new StudyWatcher(stack.endpoints().kafkaBootstrapServers(), id, false)) {
                StudyClient.publish(stack.endpoints().kafkaBootstrapServers(), id, staged);
                Thread chaos = new Thread(() -> inject(faults, watch, injected), "chaos");
                chaos.setDaemon(true);
                chaos.start();
                disturbed = new PipelineEndToEndTest.StudyRun(plan,
                        watcher.await(new PrintWriter(console), services::deadService, Duration.ofMinutes(20)));
                chaos.interrupt();
                chaos.join(60_000);
            }
            for (Fault f : faults) {
                if (f.thread != null) {
                    f.thread.join(240_000);
                }
                assertEquals(null, f.failed, f.name + " failed as an action");
            }
            assertEquals(StudyStatus.State.COMPLETED, disturbed.outcome().state(), disturbed.outcome().message() + "\n" + console);
            List<String> missed = faults.stream().filter(f -> !f.started).map(f -> f.name).toList();
            assertEquals(List.of(), missed, "every fault was injected before the study ended; injected: " + injected);

            // The killed jobs resumed from their saved state instead of starting over.
            String trainerLog = Files.readString(services.get("trainer-service").log());
            assertTrue(trainerLog.contains("endpoint ") && trainerLog.contains(": resuming from the training state saved at"),
                    "the endpoint job resumed");
            assertTrue(trainerLog.contains("curve curve: resuming from the training state saved at"), "the curve fit resumed");
            assertEquals(List.of(), store.list("studies/" + id + "/training-state/"), "finished jobs leave no state behind");

            // Exactly once, and exactly the undisturbed numbers.
            Path a = work.resolve("undisturbed-report");
            Path b = work.resolve("disturbed-report");
            StudyClient.download(reporter, undisturbed.plan().studyId(), a);
            StudyClient.download(services.get("reporter-service").url(), id, b);
            List<String> expected = pointsWithoutIds(a.resolve("points.csv"));
            List<String> actual = pointsWithoutIds(b.resolve("points.csv"));
            assertEquals(line.grid().size() + curve.grid().size(), actual.size(), "one row per point and split");
            assertEquals(actual.size(), actual.stream().map(r -> r.substring(0, nthComma(r, 3))).distinct().count(),
                    "no point twice");
            // Bit for bit, the curve too: its fit was killed and resumed in a new process. No step may be skipped
            // for a non-finite gradient: such a step is a fault (docs/ml.md, "Constants in the autograd graph").
            assertEquals(List.of(), skippedSteps(undisturbed.plan().studyId(), id), "training steps skipped for a non-finite gradient");
            assertEquals(expected, actual, "the disturbed study's points equal the undisturbed study's, bit for bit");
            assertEquals(distances(a), distances(b), "the distances between the endpoints too (both paths join the same two)");

            // No log holds the store's secret key.
            for (String name : Services.NAMES) {
                assertFalse(Files.readString(services.get(name).log()).contains(stack.endpoints().s3SecretKey()),
                        name + "'s log leaks the secret key");
            }
        }
    }

    @Test
    @Order(2)
    void twoTrainerAndTwoEvaluatorReplicasShareAStudyAndOneKilledMidJobHandsItsJobToTheOther() throws Exception {
        services.startReplica("trainer-service", "trainer-service-2");
        services.startReplica("evaluator-service", "evaluator-service-2");
        Thread.sleep(10_000); // both members of each group hold partitions before the study arrives

        Map.Entry<JsonNode, StudyPlan> study = replicaStudy();
        JsonNode staged = study.getKey();
        StudyPlan plan = study.getValue();
        Path trainer2Log = services.get("trainer-service-2").log();
        String[] killedJob = {null};
        try (ObjectStore store = StackCommand.objectStore(stack.endpoints());
             StudyWatcher watcher = new StudyWatcher(stack.endpoints().kafkaBootstrapServers(), plan.studyId(), false)) {
            StudyClient.publish(stack.endpoints().kafkaBootstrapServers(), plan.studyId(), staged);
            Thread killer = new Thread(() -> {
                try {
                    while (killedJob[0] == null) {
                        String log = Files.readString(trainer2Log);
                        for (StudyPlan.Endpoint e : plan.endpoints()) {
                            if (log.contains("training endpoint " + e.name() + " (" + e.id() + ")")
                                    && store.exists(ObjectKeys.trainingState(plan.studyId(), e.id()))
                                    && !store.exists(ObjectKeys.checkpointInfo(plan.studyId(), e.id()))) {
                                services.kill("trainer-service-2");
                                killedJob[0] = e.name();
                                break;
                            }
                        }
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    killedJob[0] = "failed: " + e;
                }
            }, "kill a trainer replica");
            killer.setDaemon(true);
            killer.start();
            StudyWatcher.Outcome o = watcher.await(new PrintWriter(console), services::deadService, Duration.ofMinutes(12));
            assertEquals(StudyStatus.State.COMPLETED, o.state(), o.message() + "\n" + console);
            killer.interrupt();
        }
        assertTrue(killedJob[0] != null && !killedJob[0].startsWith("failed"), "a replica was killed mid-job: " + killedJob[0]);

        // The work split: each trainer replica trained endpoints, each evaluator replica scored points.
        Map<String, List<String>> trained = new java.util.TreeMap<>();
        for (String trainer : List.of("trainer-service", "trainer-service-2")) {
            String log = Files.readString(services.get(trainer).log());
            trained.put(trainer, plan.endpoints().stream().filter(e -> log.contains("training endpoint " + e.name() + " (" + e.id() + ")"))
                    .map(StudyPlan.Endpoint::name).toList());
        }
        console.append("endpoints trained by replica: ").append(String.valueOf(trained)).append('\n');
        assertFalse(trained.get("trainer-service-2").isEmpty(), String.valueOf(trained));
        assertTrue(trained.get("trainer-service").stream().anyMatch(n -> !trained.get("trainer-service-2").contains(n)),
                "the first replica trained endpoints of its own: " + trained);
        String first = Files.readString(services.get("trainer-service").log());
        assertTrue(first.contains("endpoint " + killedJob[0] + ": resuming from the training state"),
                "the surviving replica resumed the killed replica's job " + killedJob[0]);
        int points = plan.paths().stream().mapToInt(p -> p.grid().size()).sum();
        Map<String, Long> scored = new java.util.TreeMap<>();
        for (String evaluator : List.of("evaluator-service", "evaluator-service-2")) {
            scored.put(evaluator, Files.readAllLines(services.get(evaluator).log()).stream()
                    .filter(l -> l.contains(" on synth/dev: loss ") && plan.paths().stream().anyMatch(p -> l.contains("path " + p.name() + " point")))
                    .count());
        }
        console.append("points scored by replica: ").append(String.valueOf(scored)).append('\n');
        assertTrue(scored.values().stream().allMatch(n -> n > 0), "both evaluators scored points: " + scored);

        // Every job and point done once: one checkpoint per endpoint, one report row per point.
        try (ObjectStore store = StackCommand.objectStore(stack.endpoints())) {
            for (StudyPlan.Endpoint e : plan.endpoints()) {
                assertTrue(store.exists(ObjectKeys.checkpoint(plan.studyId(), e.id())), e.name());
            }
        }
        Path report = work.resolve("replica-report");
        StudyClient.download(services.get("reporter-service").url(), plan.studyId(), report);
        List<String> rows = pointsWithoutIds(report.resolve("points.csv"));
        assertEquals(points, rows.size());
        assertEquals(points, rows.stream().map(r -> r.substring(0, nthComma(r, 3))).distinct().count());
    }

    /**
     * The replica study, staged, and its plan. Job ids are content hashes, so where each job lands is fixed
     * by the spec: the first seeds whose four jobs span at least 3 of the 4 partitions are taken, so that
     * each of two consumers holding 2 partitions gets work.
     */
    private Map.Entry<JsonNode, StudyPlan> replicaStudy() throws Exception {
        for (int base = 1; base < 80; base += 4) {
            JsonNode candidate = PipelineEndToEndTest.stage(stack.endpoints(), writeReplicaStudy(base), new PrintWriter(console));
            StudyPlan p = StudyFiles.planOrFail(candidate, "replicas");
            long used = p.endpoints().stream().map(e -> org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(e.id().getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 4)
                    .distinct().count();
            if (used >= 3) {
                return Map.entry(candidate, p);
            }
        }
        throw new AssertionError("no seeds found that spread the jobs over 3 partitions");
    }

    /** What the test studies share: the model, the synthetic data written by {@link #writeStudy}, LoRA settings. */
    private static final String SPEC_HEAD = """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  synth: {format: tsv, text: [sentence], label: label, numLabels: 2,
                          splits: {train: data/train.tsv, dev: data/dev.tsv}}
                defaults: {task: synth, learningRate: 1.0e-3, batchSize: 8, steps: 40, maxLength: 16,
                           method: {kind: lora, rank: 4, dropout: 0.1}}
                """;

    /** Four MiniLM LoRA endpoints (40 steps, seeds base..base+3), two lines of 5 points, 64 synthetic examples. */
    private Path writeReplicaStudy(int base) throws Exception {
        writeStudy("unused"); // the data files
        Path study = work.resolve("study").resolve("replicas.yaml");
        Files.writeString(study, "name: replicas\n" + SPEC_HEAD + """
                endpoints:
                  a: {seeds: {init: %d, data: 1, dropout: 1}}
                  b: {seeds: {init: %d, data: 2, dropout: 2}}
                  c: {seeds: {init: %d, data: 3, dropout: 3}}
                  d: {seeds: {init: %d, data: 4, dropout: 4}}
                paths:
                  ab: {from: a, to: b, grid: {points: 5}, eval: [synth/dev]}
                  cd: {from: c, to: d, grid: {points: 5}, eval: [synth/dev]}
                """.formatted(base, base + 1, base + 2, base + 3));
        return study;
    }

    /**
     * Stray records, published as an operator might by mistake, for a study that has COMPLETED and for one
     * that does not exist: each is dead-lettered with its reason, no study's state changes and no FAILED
     * status goes out; and a reporter killed and started again rebuilds exactly the state it had.
     */
    @Test
    @Order(3)
    void strayRecordsAreDeadLetteredWithoutChangingAnyStudyAndARestartedReporterRebuildsItsState() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrapServers();
        Path spec = writeStudy("faults-undisturbed");
        StudyPlan plan = StudyFiles.planOrFail(PipelineEndToEndTest.stage(stack.endpoints(), spec, new PrintWriter(console)),
                "undisturbed");
        String id = plan.studyId();
        StudyPlan.Path line = plan.paths().get(0);
        List<JsonNode> before = studies();
        assertTrue(before.stream().anyMatch(x -> x.path("studyId").asText().equals(id)), before.toString());
        String sha = "0".repeat(64);
        List<String[]> strays = List.of(
                new String[]{Topics.EVALUATIONS, org.modeconn.core.events.EventCodec.encode(new org.modeconn.core.events.PointEvaluated(
                        1, id, line.id(), 99, 0.5, "synth/dev", 64, 0.7, 0.5, 0.5,
                        new org.modeconn.core.store.BlobRef("s3://modeconn/x.safetensors", sha, 1)))},
                new String[]{Topics.PATH_POINTS, org.modeconn.core.events.EventCodec.encode(new org.modeconn.core.events.PathPointReady(
                        1, id, line.id(), 1, 0.2, new org.modeconn.core.store.BlobRef("s3://another-bucket/p.safetensors", sha, 1)))},
                new String[]{Topics.TRAINING_JOBS, org.modeconn.core.events.EventCodec.encode(new org.modeconn.core.events.TrainingJob(
                        1, id, "ep-escape", org.modeconn.core.events.TrainingJob.Kind.ENDPOINT, "a", List.of(),
                        List.of("../../escape")))},
                new String[]{Topics.EVALUATIONS, org.modeconn.core.events.EventCodec.encode(new org.modeconn.core.events.PointEvaluated(
                        1, "study-0000000000000000", line.id(), 0, 0.0, "synth/dev", 64, 0.7, 0.5, 0.5,
                        new org.modeconn.core.store.BlobRef("s3://modeconn/x.safetensors", sha, 1)))});
        Map<org.apache.kafka.common.TopicPartition, Long> from = ends(bootstrap, Topics.DEAD_LETTERS);
        Map<org.apache.kafka.common.TopicPartition, Long> statusFrom = ends(bootstrap, Topics.STUDY_STATUS);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", bootstrap), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (String[] r : strays) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(r[0], "stray", r[1])).get();
            }
        }
        List<JsonNode> letters = read(bootstrap, from, 4, Duration.ofSeconds(60));
        List<String> errors = letters.stream().map(l -> l.path("service").asText() + " on " + l.path("topic").asText() + ": "
                + l.path("error").asText()).sorted().toList();
        console.append("stray records dead-lettered: ").append(String.valueOf(errors)).append('\n');
        for (String[] r : strays) {
            assertTrue(letters.stream().anyMatch(l -> l.path("value").asText().equals(r[1])), "no dead letter for " + r[1] + ": " + errors);
        }
        assertTrue(errors.stream().allMatch(e -> e.contains(": does not fit")), errors.toString());
        List<JsonNode> statuses = read(bootstrap, statusFrom, 0, Duration.ofSeconds(5));
        assertEquals(List.of(), statuses.stream().filter(st -> st.path("state").asText().equals("FAILED")).toList(),
                "no FAILED status for a stray record");
        assertEquals(before, studies(), "the reporter's view of every study is unchanged");

        services.kill("reporter-service");
        services.restart("reporter-service");
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<JsonNode> after = studies();
        while (!after.equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(1000); // it reads its topics from the start again
            after = studies();
        }
        assertEquals(before, after, "a restarted reporter rebuilds exactly the state it had");
    }

    /**
     * Replay and duplicates: after a study has completed, every record of the pipeline's topics is published
     * again in reverse order (each delivered twice, and out of order), then the four services are stopped, every
     * consumer group is set back to the start of its topics and the services start again, so that each reads
     * every record once more. Nothing changes: no study's view, no object in the store, no report row; no FAILED
     * status goes out and nothing new is dead-lettered.
     */
    @Test
    @Order(5)
    void replayingEveryTopicAndDeliveringEveryRecordTwiceOutOfOrderChangesNoResult() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrapServers();
        PipelineEndToEndTest.StudyRun run = PipelineEndToEndTest.runStudy(stack.endpoints(), services,
                writeStudy("faults-undisturbed"), new PrintWriter(console));
        assertEquals(StudyStatus.State.COMPLETED, run.outcome().state(), run.outcome().message());
        String id = run.plan().studyId();
        List<JsonNode> before = studies();
        Map<String, String> objects = objects("studies/" + id + "/");
        Path reportBefore = work.resolve("replay-before");
        StudyClient.download(services.get("reporter-service").url(), id, reportBefore);
        java.util.Set<String> lettersBefore = new java.util.HashSet<>();
        read(bootstrap, starts(bootstrap, Topics.DEAD_LETTERS), 0, Duration.ofSeconds(3))
                .forEach(l -> lettersBefore.add(l.path("topic").asText() + " " + l.path("value").asText()));
        Map<org.apache.kafka.common.TopicPartition, Long> lettersFrom = ends(bootstrap, Topics.DEAD_LETTERS);
        Map<org.apache.kafka.common.TopicPartition, Long> statusFrom = ends(bootstrap, Topics.STUDY_STATUS);

        // Every record of the work topics once more, newest first.
        List<String> workTopics = List.of(Topics.STUDIES, Topics.TRAINING_JOBS, Topics.CHECKPOINTS, Topics.PATH_POINTS,
                Topics.EVALUATIONS);
        int republished = 0;
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", bootstrap), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (String topic : workTopics) {
                List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records = records(bootstrap, topic);
                java.util.Collections.reverse(records);
                for (var r : records) {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, r.key(), r.value())).get();
                    republished++;
                }
            }
        }
        // Every consumer group back to the start, with its members gone (replicas of the second test included).
        List<String> started = services.names().stream().filter(n -> services.get(n).process().isAlive()).toList();
        for (String name : started) {
            services.stop(name);
        }
        int groups = 0;
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            for (var g : admin.listConsumerGroups().all().get()) {
                var committed = admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get();
                if (committed.isEmpty()) {
                    continue;
                }
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> start = new java.util.HashMap<>();
                committed.keySet().forEach(tp -> start.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)));
                admin.alterConsumerGroupOffsets(g.groupId(), start).all().get();
                groups++;
            }
        }
        for (String name : started) {
            services.restart(name);
        }
        awaitNoLag(bootstrap, Duration.ofMinutes(5));
        Thread.sleep(5000); // what the last records set off
        console.append("replay: ").append(String.valueOf(republished)).append(" records republished, ")
                .append(String.valueOf(groups)).append(" consumer groups rewound\n");
        assertTrue(republished > 0 && groups >= 4, republished + " records, " + groups + " groups");

        assertEquals(before, studies(), "every study's view is unchanged");
        assertEquals(objects, objects("studies/" + id + "/"), "no object added, removed or rewritten with other content");
        Path reportAfter = work.resolve("replay-after");
        StudyClient.download(services.get("reporter-service").url(), id, reportAfter);
        assertEquals(Files.readAllLines(reportBefore.resolve("points.csv")), Files.readAllLines(reportAfter.resolve("points.csv")));
        List<JsonNode> statuses = read(bootstrap, statusFrom, 0, Duration.ofSeconds(3));
        assertEquals(List.of(), statuses.stream().filter(st -> st.path("state").asText().equals("FAILED")).toList());
        List<String> newLetters = read(bootstrap, lettersFrom, 0, Duration.ofSeconds(3)).stream()
                .filter(l -> !lettersBefore.contains(l.path("topic").asText() + " " + l.path("value").asText()))
                .map(l -> l.path("service").asText() + " on " + l.path("topic").asText() + ": " + l.path("error").asText()).toList();
        assertEquals(List.of(), newLetters, "a replayed or duplicated record is never dead-lettered for the first time");
    }

    /**
     * A study that runs its whole course while the reporter is down (its pod evicted, a rollout stuck) is reported
     * when the reporter returns: it reads the study's records as history, finds the study complete and its report
     * never written, and writes and publishes the report and the COMPLETED status then, once; a reporter killed and
     * started again after that rebuilds the study without announcing it again.
     */
    @Test
    @Order(6)
    void aStudyThatCompletesWhileTheReporterIsDownIsReportedWhenItReturns() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrapServers();
        writeStudy("unused"); // the data files
        Path spec = work.resolve("study").resolve("reporter-down.yaml");
        Files.writeString(spec, "name: reporter-down\n" + SPEC_HEAD + """
                endpoints:
                  a: {seeds: {init: 21, data: 21, dropout: 21}, steps: 8}
                  b: {seeds: {init: 22, data: 22, dropout: 22}, steps: 8}
                paths:
                  line: {from: a, to: b, grid: {points: 3}, eval: [synth/dev]}
                """);
        JsonNode staged = PipelineEndToEndTest.stage(stack.endpoints(), spec, new PrintWriter(console));
        String id = StudyFiles.planOrFail(staged, "reporter-down").studyId();
        Map<org.apache.kafka.common.TopicPartition, Long> evaluationsFrom = ends(bootstrap, Topics.EVALUATIONS);
        Map<org.apache.kafka.common.TopicPartition, Long> statusFrom = ends(bootstrap, Topics.STUDY_STATUS);
        Map<org.apache.kafka.common.TopicPartition, Long> reportsFrom = ends(bootstrap, Topics.REPORTS);

        services.stop("reporter-service");
        StudyClient.publish(bootstrap, id, staged);
        List<JsonNode> evaluations = read(bootstrap, evaluationsFrom, 3, Duration.ofMinutes(5)).stream()
                .filter(e -> e.path("studyId").asText().equals(id)).toList();
        assertEquals(3, evaluations.size(), "every point scored while the reporter was down: " + evaluations);
        assertEquals(List.of(), announced(bootstrap, statusFrom, id), "nothing but the trainer's progress without a reporter");

        // A study the planner refuses, published while no reporter runs: it must be refused when the reporter returns.
        JsonNode refused = new ObjectMapper().readTree("{\"name\": \"refused\", \"paths\": {\"line\": {\"from\": \"a\","
                + " \"to\": \"nowhere\"}}}");
        String refusedId = org.modeconn.core.spec.Ids.of("study", refused);
        StudyClient.publish(bootstrap, refusedId, refused);

        services.restart("reporter-service");
        List<JsonNode> announced = announced(bootstrap, statusFrom, id);
        for (long deadline = System.nanoTime() + 120_000_000_000L; announced.stream().noneMatch(st -> st.path("state").asText()
                .equals("COMPLETED")) && System.nanoTime() < deadline; ) {
            announced = announced(bootstrap, statusFrom, id);
        }
        assertEquals(List.of("ACCEPTED", "COMPLETED"), announced.stream().map(st -> st.path("state").asText()).toList(),
                "the returning reporter accepts and announces the study, once each, in that order: " + announced);
        assertEquals(List.of("REJECTED"), announced(bootstrap, statusFrom, refusedId).stream()
                .map(st -> st.path("state").asText()).toList(), "and refuses the invalid one");
        List<JsonNode> studyReports = read(bootstrap, reportsFrom, 1, Duration.ofSeconds(30)).stream()
                .filter(r -> r.path("studyId").asText().equals(id) && r.path("type").asText().equals("StudyReport")).toList();
        assertEquals(1, studyReports.size(), "and publishes its report once: " + studyReports);
        Path report = work.resolve("reporter-down-report");
        StudyClient.download(services.get("reporter-service").url(), id, report);
        assertEquals(1 + 3, Files.readAllLines(report.resolve("points.csv")).size(), "a header and one row per point");

        Map<org.apache.kafka.common.TopicPartition, Long> statusAfter = ends(bootstrap, Topics.STUDY_STATUS);
        killAndRestart("reporter-service");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (studies().stream().noneMatch(x -> x.path("studyId").asText().equals(id) && x.path("state").asText().equals("COMPLETED"))
                && System.nanoTime() < deadline) {
            Thread.sleep(1000); // it reads its topics from the start again
        }
        assertTrue(studies().stream().anyMatch(x -> x.path("studyId").asText().equals(id)
                && x.path("state").asText().equals("COMPLETED")), "rebuilt as COMPLETED: " + studies());
        assertEquals(List.of(), read(bootstrap, statusAfter, 0, Duration.ofSeconds(3)).stream()
                .filter(st -> List.of(id, refusedId).contains(st.path("studyId").asText())).toList(), "neither announced again");
    }

    /** The statuses of {@code studyId} other than PROGRESS published from {@code from} on (the trainer publishes its steps'). */
    private static List<JsonNode> announced(String bootstrap, Map<org.apache.kafka.common.TopicPartition, Long> from, String studyId)
            throws Exception {
        return read(bootstrap, from, 0, Duration.ofSeconds(1)).stream()
                .filter(st -> st.path("studyId").asText().equals(studyId) && !st.path("state").asText().equals("PROGRESS")).toList();
    }

    /** Every object under {@code prefix}: key → SHA-256 of its content (S3Proxy's ETag is the MD5; the hash is ours). */
    private Map<String, String> objects(String prefix) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var store = StackCommand.objectStore(stack.endpoints())) {
            for (String key : store.list(prefix)) {
                try (var in = store.openUnverified(key)) {
                    out.put(key, org.modeconn.core.store.Sha256.of(in.readAllBytes()));
                }
            }
        }
        return out;
    }

    /** Every record of {@code topic}, partition by partition. */
    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records(String bootstrap, String topic) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> out = new ArrayList<>();
        Map<org.apache.kafka.common.TopicPartition, Long> end = ends(bootstrap, topic);
        try (var c = consumer(bootstrap)) {
            c.assign(end.keySet());
            c.seekToBeginning(end.keySet());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** Offset 0 of every partition of {@code topic}. */
    private static Map<org.apache.kafka.common.TopicPartition, Long> starts(String bootstrap, String topic) {
        Map<org.apache.kafka.common.TopicPartition, Long> out = new java.util.HashMap<>();
        ends(bootstrap, topic).keySet().forEach(tp -> out.put(tp, 0L));
        return out;
    }

    /** Waits until every consumer group has committed up to the end of every partition it reads. */
    private static void awaitNoLag(String bootstrap, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            while (true) {
                long lag = 0;
                for (var g : admin.listConsumerGroups().all().get()) {
                    var committed = admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get();
                    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get();
                    for (var e : committed.entrySet()) {
                        lag += ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset());
                    }
                }
                if (lag == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("consumer groups still " + lag + " records behind after " + timeout);
                }
                Thread.sleep(1000);
            }
        }
    }

    /** "STUDY CHECKPOINT: N" for every checkpoint of the studies whose training skipped N > 0 steps. */
    private List<String> skippedSteps(String... studies) throws Exception {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (var store = StackCommand.objectStore(stack.endpoints())) {
            for (String study : studies) {
                for (String key : store.list("studies/" + study + "/checkpoints/")) {
                    if (key.endsWith(".json")) {
                        try (var in = store.openUnverified(key)) {
                            double n = json.readTree(in).path("metrics").path("skippedSteps").asDouble(0);
                            if (n > 0) {
                                out.add(study + " " + key.substring(key.lastIndexOf('/') + 1) + ": " + (int) n);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The reporter's GET /studies, every study's state and progress (times left out, which the view does not carry). */
    private List<JsonNode> studies() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(services.get("reporter-service").url() + "/studies")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        // As JSON trees, sorted by study: the order of an object's fields does not matter.
        JsonNode all = new ObjectMapper().readTree(r.body());
        List<JsonNode> out = new ArrayList<>();
        all.forEach(out::add);
        out.sort(java.util.Comparator.comparing(x -> x.path("studyId").asText()));
        return out;
    }

    private static Map<org.apache.kafka.common.TopicPartition, Long> ends(String bootstrap, String topic) {
        try (var c = consumer(bootstrap)) {
            List<org.apache.kafka.common.TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            return new java.util.HashMap<>(c.endOffsets(tps));
        }
    }

    /** Records from the given offsets on: at least {@code atLeast} within the timeout, then whatever follows in 3 s. */
    private static List<JsonNode> read(String bootstrap, Map<org.apache.kafka.common.TopicPartition, Long> from, int atLeast,
                                       Duration timeout) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (var c = consumer(bootstrap)) {
            c.assign(from.keySet());
            from.forEach(c::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    out.add(json.readTree(r.value()));
                }
            }
            for (var r : c.poll(Duration.ofSeconds(3))) {
                out.add(json.readTree(r.value()));
            }
        }
        return out;
    }

    private static org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer(String bootstrap) {
        return new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "enable.auto.commit", false), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer());
    }

    /**
     * A CLI that dies without its shutdown hook (SIGKILL) leaves no service behind: each service watches the
     * process that started it ({@code MODECONN_PARENT_PID}, set by {@link Services}) and stops itself when it
     * is gone. Here a stand-in parent is killed and a second set of services, started as its children, ends.
     */
    @Test
    @Order(4)
    void servicesWhoseParentWasKilledStopThemselves() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        Services orphans = Services.start(stack.endpoints(), work.resolve("orphans"), "-Xmx256m -XX:+UseSerialGC",
                Map.of("MODECONN_PARENT_PID", String.valueOf(parent.pid())));
        try {
            parent.destroyForcibly().waitFor();
            for (String name : Services.NAMES) {
                Services.Running r = orphans.get(name);
                assertTrue(r.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS), name + " still runs after its parent died");
                assertTrue(Files.readString(r.log()).contains("(pid " + parent.pid() + ") has ended: stopping"), name);
            }
        } finally {
            orphans.close();
        }
    }

    /** Polls the faults' conditions every 200 ms and starts each once; the same service is never hit twice at once. */
    private void inject(List<Fault> faults, Watch watch, List<String> injected) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                watch.refresh();
                for (Fault f : faults) {
                    if (f.started || !f.when.getAsBoolean() || busy(faults, f)) {
                        continue;
                    }
                    f.started = true;
                    f.thread = new Thread(() -> {
                        try {
                            f.action.run();
                            injected.add(f.name);
                        } catch (Throwable t) {
                            f.failed = t;
                        }
                    }, f.name);
                    f.thread.start();
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a fault on the same service (or another stack fault) is still under way. */
    private static boolean busy(List<Fault> faults, Fault next) {
        return faults.stream().anyMatch(f -> f != next && f.thread != null && f.thread.isAlive()
                && f.name.split(" ")[0].equals(next.name.split(" ")[0]));
    }

    private void killAndRestart(String service) throws Exception {
        services.kill(service);
        services.restart(service);
    }

    private static boolean between(int count, int total) {
        return count > 0 && count < total;
    }

    /**
     * Which of the study's objects exist, asked one by one on every poll (listing a prefix while a large
     * object is being written there fails on the local store's filesystem backend); while the store is
     * down the last answers stand.
     */
    private static final class Watch {
        private final ObjectStore store;
        private final List<String> keys;
        private volatile java.util.Set<String> present = java.util.Set.of();

        Watch(ObjectStore store, List<String> keys) {
            this.store = store;
            this.keys = keys;
        }

        void refresh() {
            java.util.Set<String> now = new java.util.HashSet<>();
            try {
                for (String k : keys) {
                    if (store.exists(k)) {
                        now.add(k);
                    }
                }
                present = now;
            } catch (Exception storeDown) {
                // the store fault: keep the last answers
            }
        }

        boolean has(String key) {
            return present.contains(key);
        }

        int count(List<String> of) {
            return (int) of.stream().filter(present::contains).count();
        }
    }

    /** points.csv without the path_id column (ids differ between the two studies). */
    private static List<String> pointsWithoutIds(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().skip(1).map(l -> {
            String[] f = l.split(",", -1);
            List<String> kept = new ArrayList<>(List.of(f));
            kept.remove(1);
            return String.join(",", kept);
        }).sorted().collect(Collectors.toList());
    }

    private static int nthComma(String s, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = s.indexOf(',', at + 1);
        }
        return at;
    }

    private static List<String> distances(Path reportDir) throws Exception {
        JsonNode report = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
        List<String> out = new ArrayList<>();
        report.path("paths").forEach(p -> out.add(p.path("path").asText() + " " + p.path("report").path("distance")));
        return out;
    }

    /**
     * Two MiniLM LoRA endpoints (40 steps each, so a kill finds a saved state; LoRA keeps steps and states
     * small), a line and a fitted Bezier curve (24 steps), 6 points each, scored on 64 synthetic examples; {@code name} makes it another study.
     */
    private Path writeStudy(String name) throws Exception {
        Path dir = work.resolve("study");
        Files.createDirectories(dir.resolve("data"));
        Random random = new Random(11);
        List<String> train = new ArrayList<>(List.of("sentence\tlabel"));
        train.addAll(SyntheticDataCommand.examples(random, 320));
        List<String> dev = new ArrayList<>(List.of("sentence\tlabel"));
        dev.addAll(SyntheticDataCommand.examples(random, 64));
        Files.write(dir.resolve("data/train.tsv"), train);
        Files.write(dir.resolve("data/dev.tsv"), dev);
        Path study = dir.resolve(name + ".yaml");
        Files.writeString(study, "name: " + name + "\n" + SPEC_HEAD + """
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}}
                  b: {seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: 6}, eval: [synth/dev]}
                  curve: {from: a, to: b, curve: {kind: bezier, bends: 1}, grid: {points: 6}, eval: [synth/dev],
                          fit: {steps: 24, learningRate: 1.0e-3, batchSize: 8, validateAt: [0.5]}}
                """);
        return study;
    }
}
