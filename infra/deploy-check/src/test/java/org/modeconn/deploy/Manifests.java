package org.modeconn.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory with {@code kubectl kustomize} and validates each object against the
 * typed models of its API (fabric8's Kubernetes and Prometheus Operator models, Strimzi's own API
 * classes). Those models keep unknown fields instead of failing on them; {@link #unknownFields} walks
 * the typed object and reports every field the model did not know, with its path, so that a misspelt
 * or misplaced field is an error, as a server with strict field validation would make it.
 */
final class Manifests {
    /** apiVersion/kind → model class; kinds not listed here have no model (reported as such). */
    static final Map<String, String> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", "io.fabric8.kubernetes.api.model.ConfigMap"),
            Map.entry("v1/Service", "io.fabric8.kubernetes.api.model.Service"),
            Map.entry("v1/Namespace", "io.fabric8.kubernetes.api.model.Namespace"),
            Map.entry("v1/PersistentVolumeClaim", "io.fabric8.kubernetes.api.model.PersistentVolumeClaim"),
            Map.entry("v1/Secret", "io.fabric8.kubernetes.api.model.Secret"),
            Map.entry("apps/v1/Deployment", "io.fabric8.kubernetes.api.model.apps.Deployment"),
            Map.entry("policy/v1/PodDisruptionBudget", "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget"),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", "io.fabric8.openshift.api.model.monitoring.v1.PodMonitor"),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", "io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor"),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", "io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule"),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", "io.strimzi.api.kafka.model.kafka.Kafka"),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic"),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool"));

    private static final ObjectMapper TYPED = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private Manifests() {
    }

    /** The objects {@code kubectl kustomize dir} renders; the calling test is skipped, with the reason, without kubectl. */
    static List<JsonNode> render(Path dir) throws IOException, InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Podman.onPath("kubectl"),
                "kubectl is not installed (it renders k8s/; these machines have it, elsewhere install kubectl 1.27 or later)");
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kubectl kustomize " + dir + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNext()) {
                JsonNode doc = (JsonNode) it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static String type(JsonNode doc) {
        return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    }

    static String name(JsonNode doc) {
        return type(doc) + " " + doc.path("metadata").path("name").asText();
    }

    /**
     * Every problem of one object against its model: a type mismatch, and each field the model does not
     * know; empty when it validates.
     *
     * @throws IllegalArgumentException for a kind with no model in {@link #MODELS}
     */
    static List<String> validate(JsonNode doc) {
        String model = MODELS.get(type(doc));
        if (model == null) {
            throw new IllegalArgumentException("no model for " + type(doc));
        }
        Object typed;
        try {
            typed = TYPED.treeToValue(doc, Class.forName(model));
        } catch (Exception e) {
            return List.of(name(doc) + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "", problems, new IdentityHashMap<>());
        return problems.stream().map(p -> name(doc) + ": unknown field " + p).toList();
    }

    /** Walks a typed model object; each entry of an "additional properties" map is a field the model did not know. */
    static void unknownFields(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        additional(o).forEach(k -> out.add(path + "." + k));
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    unknownFields(f.get(o), path + "." + f.getName(), out, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a field the model keeps to itself: not part of the object's fields
                }
            }
        }
    }

    private static Collection<String> additional(Object o) {
        try {
            Method m = o.getClass().getMethod("getAdditionalProperties");
            Object v = m.invoke(o);
            return v instanceof Map<?, ?> map ? map.keySet().stream().map(String::valueOf).toList() : List.of();
        } catch (ReflectiveOperationException e) {
            return List.of();
        }
    }
}
