package org.modeconn.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.modeconn.core.events.Topics;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Kustomize overlay of k8s/ renders with kubectl, every object validates against its API's model
 * with unknown fields refused, no credentials are in the repository, every service runs hardened and
 * probed, the topics are the services' topics, and the autoscaler watches the consumer groups the
 * services really use.
 */
class KustomizeOverlaysTest {
    static final Path ROOT = Path.of(System.getProperty("modeconn.home", "../.."));
    static final Path K8S = ROOT.resolve("k8s");

    static Stream<Path> kustomizations() throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(K8S.resolve("base")));
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            overlays.filter(Files::isDirectory).sorted().forEach(dirs::add);
        }
        return dirs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void rendersAndEveryObjectValidates(Path dir) throws Exception {
        List<JsonNode> docs = Manifests.render(dir);
        assertTrue(docs.size() >= 20, dir + " renders " + docs.size() + " objects");
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            String type = Manifests.type(doc);
            assertTrue(!type.equals("v1/Secret"), Manifests.name(doc) + ": credentials are created in the cluster, never committed");
            if (type.equals("keda.sh/v1alpha1/ScaledObject")) {
                problems.addAll(scaledObject(doc, docs));
            } else {
                problems.addAll(Manifests.validate(doc));
            }
            if (type.equals("apps/v1/Deployment") && doc.at("/metadata/labels/app.kubernetes.io~1part-of").asText().equals("modeconn")) {
                problems.addAll(hardenedAndProbed(doc));
            }
        }
        assertEquals(List.of(), problems, dir.toString());
    }

    @Test
    void theTopicsAreTheServicesTopics() throws Exception {
        List<String> topics = Manifests.render(K8S.resolve("base")).stream()
                .filter(d -> Manifests.type(d).equals("kafka.strimzi.io/v1beta2/KafkaTopic"))
                .map(d -> d.at("/spec/topicName").asText()).sorted().toList();
        assertEquals(Topics.ALL.stream().sorted().toList(), topics);
    }

    /** The PrometheusRule carries exactly the rules that infra/prometheus tests with promtool. */
    @Test
    void thePrometheusRuleIsInfraPrometheusRules() throws Exception {
        JsonNode rule = Manifests.render(K8S.resolve("base")).stream()
                .filter(d -> Manifests.type(d).equals("monitoring.coreos.com/v1/PrometheusRule")).findFirst().orElseThrow();
        JsonNode rules = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(ROOT.resolve("infra/prometheus/rules.yml").toFile());
        assertEquals(rules.path("groups"), rule.at("/spec/groups"));
    }

    /** The validator can fail: a misspelt field, a field in the wrong place and a wrong type are each reported. */
    @Test
    void aMisspeltFieldIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [bad.yaml]\n");
        Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: bad}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          imagePulPolicy: Never
                      runAsNonRoot: true
                ---
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replica: 1}
                """);
        List<String> problems = new ArrayList<>();
        Manifests.render(dir).forEach(d -> problems.addAll(Manifests.validate(d)));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.contains("apps/v1/Deployment bad: unknown field .spec.template.spec.containers[0].imagePulPolicy"),
                problems.toString());
        assertTrue(problems.contains("apps/v1/Deployment bad: unknown field .spec.template.spec.runAsNonRoot"), problems.toString());
        assertTrue(problems.contains("kafka.strimzi.io/v1beta2/KafkaTopic t: unknown field .spec.replica"), problems.toString());
    }

    private static List<String> hardenedAndProbed(JsonNode deployment) {
        List<String> problems = new ArrayList<>();
        String name = Manifests.name(deployment);
        JsonNode pod = deployment.at("/spec/template/spec");
        require(problems, name, "runs as non-root", pod.at("/securityContext/runAsNonRoot").asBoolean());
        require(problems, name, "seccomp RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText().equals("RuntimeDefault"));
        for (JsonNode c : pod.path("containers")) {
            require(problems, name, "liveness on /q/health/live", c.at("/livenessProbe/httpGet/path").asText().equals("/q/health/live"));
            require(problems, name, "readiness on /q/health/ready", c.at("/readinessProbe/httpGet/path").asText().equals("/q/health/ready"));
            require(problems, name, "a read-only root filesystem", c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
            require(problems, name, "no privilege escalation", !c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
            require(problems, name, "all capabilities dropped", c.at("/securityContext/capabilities/drop/0").asText().equals("ALL"));
            require(problems, name, "CPU and memory requests", c.at("/resources/requests/cpu").isTextual()
                    && c.at("/resources/requests/memory").isTextual());
            require(problems, name, "a memory limit", c.at("/resources/limits/memory").isTextual());
            require(problems, name, "the credentials from the Secret modeconn-s3",
                    c.path("env").findValues("secretKeyRef").stream().allMatch(r -> r.path("name").asText().equals("modeconn-s3"))
                            && c.path("env").findValues("secretKeyRef").size() == 2);
            if (name.endsWith("-trainer") || name.endsWith("-evaluator")) { // the services that run the engine
                boolean threads = false;
                for (JsonNode e : c.path("env")) {
                    threads |= e.path("name").asText().equals("OMP_NUM_THREADS")
                            && e.at("/valueFrom/resourceFieldRef/resource").asText().equals("requests.cpu");
                }
                require(problems, name, "OMP_NUM_THREADS from its CPU request (the engine's threads)", threads);
            }
        }
        return problems;
    }

    private static void require(List<String> problems, String name, String what, boolean ok) {
        if (!ok) {
            problems.add(name + ": needs " + what);
        }
    }

    /**
     * KEDA publishes no model on Maven Central: its ScaledObjects are checked by what matters here, that
     * they scale an existing Deployment on the topic and consumer group its service consumes with.
     */
    private static List<String> scaledObject(JsonNode so, List<JsonNode> docs) {
        List<String> problems = new ArrayList<>();
        String target = so.at("/spec/scaleTargetRef/name").asText();
        boolean exists = docs.stream().anyMatch(d -> Manifests.type(d).equals("apps/v1/Deployment")
                && d.at("/metadata/name").asText().equals(target));
        require(problems, Manifests.name(so), "an existing Deployment to scale (" + target + ")", exists);
        for (JsonNode trigger : so.at("/spec/triggers")) {
            String service = target.replace("modeconn-", "") + "-service";
            Properties config = applicationProperties(service);
            String topic = trigger.at("/metadata/topic").asText();
            String group = trigger.at("/metadata/consumerGroup").asText();
            boolean consumed = config.stringPropertyNames().stream().anyMatch(k -> k.endsWith(".topic")
                    && config.getProperty(k).equals(topic)
                    && group.equals(config.getProperty(k.replace(".topic", ".group.id"))));
            require(problems, Manifests.name(so), "a topic and group that " + service + " consumes (" + topic + ", " + group + ")", consumed);
        }
        return problems;
    }

    private static Properties applicationProperties(String service) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }
}
