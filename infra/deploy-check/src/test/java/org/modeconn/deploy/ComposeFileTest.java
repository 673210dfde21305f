package org.modeconn.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * infra/compose.yaml: docker-compose (Debian's, installed by .ci/run) accepts it and refuses it without
 * the S3 secret; its topics are k8s/base's topics with the same partition counts; the four services run
 * the images infra/images/build.sh builds, as k8s/base does. (Running it needs the public Kafka, MinIO,
 * Prometheus and Grafana images, which no registry here serves.)
 */
class ComposeFileTest {
    static final Path COMPOSE = KustomizeOverlaysTest.ROOT.resolve("infra/compose.yaml");
    static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    @Test
    void dockerComposeAcceptsItAndInsistsOnTheSecret() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER_COMPOSE), DOCKER_COMPOSE + " is missing: apt-get install docker-compose (.ci/run does)");
        assertEquals(0, config("not-a-real-secret").exit(), config("not-a-real-secret").output());
        Run without = config(null);
        assertEquals(1, without.exit(), without.output());
        assertEquals(true, without.output().contains("set MODECONN_S3_SECRET_KEY"), without.output());
    }

    @Test
    void itsTopicsAndImagesAreTheClustersOnes() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
        Map<String, Integer> topics = new TreeMap<>();
        Matcher m = Pattern.compile("(modeconn\\.[a-z-]+):(\\d+)").matcher(compose.at("/services/kafka-topics/command/0").asText());
        while (m.find()) {
            topics.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> cluster = new TreeMap<>();
        List<String> images = new ArrayList<>();
        for (JsonNode d : Manifests.render(KustomizeOverlaysTest.K8S.resolve("base"))) {
            if (Manifests.type(d).equals("kafka.strimzi.io/v1beta2/KafkaTopic")) {
                cluster.put(d.at("/spec/topicName").asText(), d.at("/spec/partitions").asInt());
            } else if (Manifests.type(d).equals("apps/v1/Deployment")) {
                images.add(d.at("/spec/template/spec/containers/0/image").asText());
            }
        }
        assertEquals(cluster, topics);
        assertEquals(images.stream().sorted().toList(), List.of("trainer", "interpolator", "evaluator", "reporter").stream()
                .map(s -> compose.at("/services/" + s + "/image").asText()).sorted().toList());
    }

    private record Run(int exit, String output) {
    }

    private static Run config(String secret) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(DOCKER_COMPOSE.toString(), "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true);
        pb.environment().remove("MODECONN_S3_SECRET_KEY");
        if (secret != null) {
            pb.environment().put("MODECONN_S3_SECRET_KEY", secret);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("docker-compose config did not finish within a minute");
        }
        return new Run(p.exitValue(), out);
    }
}
