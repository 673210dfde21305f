package org.modeconn.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment as a platform engineer runs it, on one host: the service images built here without a
 * registry (infra/images/build.sh), the rendered Deployments of k8s/overlays/podman played by
 * {@code podman kube play}, the credentials in a podman secret, a real broker and S3 server on
 * loopback; a tiny study published with a plain Kafka client completes through the containers.
 * Skipped, with the reason, where podman, buildah or debootstrap are missing (.ci/run installs them).
 */
class PodmanStudyTest {
    private static final Duration STUDY_TIMEOUT = Duration.ofMinutes(12);

    @TempDir
    Path dir;

    @Test
    void aStudyCompletesThroughTheServiceContainers() throws Exception {
        Podman.assumeImageTools();
        Path root = KustomizeOverlaysTest.ROOT;
        Podman.buildImages("trainer", "interpolator", "evaluator", "reporter");

        try (LocalStack stack = LocalStack.start(LocalStack.Config.in(dir.resolve("stack")).withTopics(Topics.ALL))) {
            LocalStack.Endpoints e = stack.endpoints();
            Pods pods = writePods(root, e);
            Path secret = dir.resolve("secret.json");
            Files.writeString(secret, EventCodec.mapper().writeValueAsString(Map.of(
                    "access-key", base64(e.s3AccessKey()), "secret-key", base64(e.s3SecretKey()))));
            removeSecret();
            Podman.run(Duration.ofSeconds(30), "podman", "secret", "create", "modeconn-s3", secret.toString());
            try {
                removePods(pods); // what an interrupted run on this host left behind has the same names
                Podman.run(Duration.ofMinutes(2), "podman", "kube", "play", pods.file().toString());
                StudyPlan plan = publishStudy(e);
                StudyStatus end = awaitEnd(e, plan.studyId());
                assertEquals(StudyStatus.State.COMPLETED, end.state(), end.message() + "\n" + logs());
                try (ObjectStore store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(),
                        e.bucket(), null))) {
                    assertTrue(store.exists("studies/" + plan.studyId() + "/report/report.html"), "the reporter wrote the report");
                    assertEquals(3, store.list("studies/" + plan.studyId() + "/paths/").stream()
                            .filter(k -> k.contains("/points/")).count(), "every point of the line was blended");
                }
            } catch (AssertionError | Exception failure) {
                System.err.println(logs());
                throw failure;
            } finally {
                tearDown(pods);
            }
        }
    }

    /** The file podman plays, and the names of the pods it makes ({@code <deployment>-pod-<i>}, one per replica). */
    private record Pods(Path file, List<String> names) {
    }

    /** The overlay's Deployments and ConfigMap, pointed at this stack (podman plays only these kinds). */
    private Pods writePods(Path root, LocalStack.Endpoints e) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode doc : Manifests.render(root.resolve("k8s/overlays/podman"))) {
            switch (Manifests.type(doc)) {
                case "v1/ConfigMap" -> {
                    ObjectNode data = (ObjectNode) doc.path("data");
                    data.put("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers());
                    data.put("MODECONN_S3_ENDPOINT", e.s3Endpoint());
                    data.put("MODECONN_S3_BUCKET", e.bucket());
                    data.put("JAVA_TOOL_OPTIONS", "-Xmx512m -XX:+UseSerialGC");
                    docs.add(doc);
                }
                case "apps/v1/Deployment" -> {
                    docs.add(doc);
                    for (int i = 0; i < doc.path("spec").path("replicas").asInt(1); i++) {
                        names.add(doc.path("metadata").path("name").asText() + "-pod-" + i);
                    }
                }
                default -> {
                    // topics, monitors and budgets are for a cluster's operators
                }
            }
        }
        Path file = dir.resolve("pods.yaml");
        YAMLMapper yaml = new YAMLMapper();
        StringBuilder out = new StringBuilder();
        for (JsonNode d : docs) {
            out.append(yaml.writeValueAsString(d));
        }
        Files.writeString(file, out);
        return new Pods(file, names);
    }

    /** A tiny MiniLM study on generated sentences: two endpoints of 2 steps and a line of 3 points. */
    private static StudyPlan publishStudy(LocalStack.Endpoints e) throws Exception {
        Random random = new Random(5);
        String[] good = {"great", "lovely", "fine", "superb"};
        String[] bad = {"awful", "dull", "poor", "boring"};
        StringBuilder train = new StringBuilder("sentence\tlabel\n");
        StringBuilder dev = new StringBuilder("sentence\tlabel\n");
        for (int i = 0; i < 48; i++) {
            boolean positive = random.nextBoolean();
            String word = (positive ? good : bad)[random.nextInt(4)];
            (i < 32 ? train : dev).append("the film was ").append(word).append(" .\t").append(positive ? 1 : 0).append('\n');
        }
        try (ObjectStore store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(),
                e.bucket(), null))) {
            store.putBytes("datasets/podman/train.tsv", train.toString().getBytes(StandardCharsets.UTF_8));
            store.putBytes("datasets/podman/dev.tsv", dev.toString().getBytes(StandardCharsets.UTF_8));
        }
        String bucket = "s3://" + e.bucket() + "/datasets/podman/";
        JsonNode spec = EventCodec.mapper().readTree("""
                {"name": "podman", "baseModel": "builtin:all-MiniLM-L6-v2",
                 "datasets": {"synth": {"format": "tsv", "text": ["sentence"], "label": "label", "numLabels": 2,
                   "splits": {"train": "%strain.tsv", "dev": "%sdev.tsv"}}},
                 "defaults": {"task": "synth", "learningRate": 1.0e-4, "batchSize": 8, "steps": 2, "maxLength": 16},
                 "endpoints": {"a": {"seeds": {"init": 1, "data": 1, "dropout": 1}}, "b": {"seeds": {"init": 2, "data": 2, "dropout": 2}}},
                 "paths": {"line": {"from": "a", "to": "b", "grid": {"points": 3}, "eval": ["synth/dev"]}}}
                """.formatted(bucket, bucket));
        StudyPlan plan = StudyPlanner.plan(SpecReader.fromTree(spec)).plan();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.STUDIES, plan.studyId(),
                    EventCodec.encode(new StudyRequested(Event.SCHEMA, plan.studyId(), spec)))).get(60, TimeUnit.SECONDS);
        }
        return plan;
    }

    private static StudyStatus awaitEnd(LocalStack.Endpoints e, String studyId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "podman-study-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.STUDY_STATUS));
            long deadline = System.nanoTime() + STUDY_TIMEOUT.toNanos();
            StudyStatus last = null;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    StudyStatus s = EventCodec.decode(r.value(), StudyStatus.class);
                    if (s.studyId().equals(studyId)) {
                        last = s;
                        if (s.state() == StudyStatus.State.COMPLETED || s.state() == StudyStatus.State.FAILED
                                || s.state() == StudyStatus.State.REJECTED) {
                            return s;
                        }
                    }
                }
            }
            throw new AssertionError("no end of study " + studyId + " within " + STUDY_TIMEOUT + "; last status " + last);
        }
    }

    /**
     * Removes the pods by name, those that exist: podman 4.3's {@code kube play --replace} does not find a Deployment's
     * pods, and {@code kube down} fails where one is missing (a play that failed half-way leaves only some).
     */
    private static void removePods(Pods pods) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman", "pod", "rm", "--force", "--ignore"));
        command.addAll(pods.names());
        Podman.run(Duration.ofMinutes(2), command.toArray(String[]::new));
    }

    /** Removes the pods and the secret; a failure here is printed, not thrown, so that it cannot hide the test's own. */
    private static void tearDown(Pods pods) {
        try {
            removePods(pods);
        } catch (IOException | InterruptedException ex) {
            System.err.println("tear-down: " + ex.getMessage());
        }
        try {
            removeSecret();
        } catch (IOException | InterruptedException ex) {
            System.err.println("tear-down: " + ex.getMessage());
        }
    }

    /** Removes the secret if a run before this one left it (podman 4.3's `secret rm` has no --ignore). */
    private static void removeSecret() throws IOException, InterruptedException {
        if (Podman.run(Duration.ofSeconds(30), "podman", "secret", "ls", "--format", "{{.Name}}").lines().anyMatch("modeconn-s3"::equals)) {
            Podman.run(Duration.ofSeconds(30), "podman", "secret", "rm", "modeconn-s3");
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String logs() {
        try {
            StringBuilder out = new StringBuilder(Podman.run(Duration.ofSeconds(30), "podman", "ps", "-a"));
            for (String name : Podman.run(Duration.ofSeconds(30), "podman", "ps", "-a", "--format", "{{.Names}}").split("\n")) {
                if (name.startsWith("modeconn-")) {
                    out.append("\n--- ").append(name).append('\n').append(Podman.run(Duration.ofSeconds(30), "podman", "logs", "--tail", "40", name));
                }
            }
            return out.toString();
        } catch (Exception ex) {
            return "(no logs: " + ex.getMessage() + ")";
        }
    }
}
