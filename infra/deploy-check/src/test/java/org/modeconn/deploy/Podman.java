package org.modeconn.deploy;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** podman and the image build as the tests use them: with the project's podman settings (containers.conf). */
final class Podman {

    /** The settings without which no container starts on these hosts (docs/deploy.md). */
    static final Path CONTAINERS_CONF = KustomizeOverlaysTest.ROOT.resolve("infra/images/containers.conf");

    private Podman() {
    }

    /** Skips the test, with the reason, unless podman, buildah and debootstrap (what build.sh needs) are installed. */
    static void assumeImageTools() {
        for (String tool : List.of("podman", "buildah", "debootstrap")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed (apt-get install podman buildah debootstrap runc; .ci/run does)");
        }
    }

    /** Builds images with infra/images/build.sh (the base only when it is missing). */
    static void buildImages(String... images) throws IOException, InterruptedException {
        String[] command = new String[images.length + 1];
        command[0] = KustomizeOverlaysTest.ROOT.resolve("infra/images/build.sh").toString();
        System.arraycopy(images, 0, command, 1, images.length);
        run(Duration.ofMinutes(15), command);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    /** Runs a command with the project's podman settings; fails with its output unless it exits 0. */
    static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", CONTAINERS_CONF.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
