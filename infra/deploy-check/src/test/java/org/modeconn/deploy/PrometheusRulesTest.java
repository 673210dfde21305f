package org.modeconn.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * infra/prometheus with the real {@code promtool} (Debian's prometheus package, which .ci/run installs):
 * the configuration and rules are valid, and every alert fires exactly when rules-test.yml says.
 */
class PrometheusRulesTest {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path INFRA = KustomizeOverlaysTest.ROOT.resolve("infra/prometheus");

    @Test
    void theConfigurationIsValid() throws Exception {
        promtool("check", "config", "prometheus.yml");
    }

    @Test
    void everyAlertFiresWhenItsTestSays() throws Exception {
        promtool("test", "rules", "rules-test.yml");
    }

    /** Runs promtool in infra/prometheus and fails with its output unless it exits with 0. */
    private static void promtool(String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " is missing: apt-get install prometheus (.ci/run does)");
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(INFRA.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("promtool " + String.join(" ", args) + " did not finish within 2 minutes");
        }
        assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + ":\n" + out);
    }
}
