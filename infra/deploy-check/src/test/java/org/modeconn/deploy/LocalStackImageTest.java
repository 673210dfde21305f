package org.modeconn.deploy;

import org.junit.jupiter.api.AfterAll;
import org.modeconn.core.containers.BackendContracts;
import org.modeconn.core.containers.ContainerEngine;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStackMain;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The backend contracts (core.containers.BackendContracts: an event through Kafka, an object store round
 * trip) against the local stack's image, {@code localhost/modeconn-local-stack}, built here from Debian
 * packages and the local stack's jars (infra/images/build.sh local-stack; nothing pulled) and run by
 * Testcontainers through podman's Docker-compatible API ({@code podman system service}; DOCKER_HOST, Ryuk
 * off: .ci/run sets them up). Skipped, with the reason, where podman, buildah or debootstrap are missing, where
 * no Docker-compatible API answers, or where the engine at DOCKER_HOST is not the podman that holds the image.
 */
class LocalStackImageTest extends BackendContracts {
    static final String IMAGE = "localhost/modeconn-local-stack:0.1.0";

    private static LocalStackContainer stack;

    @Override
    protected void startBackend() throws Exception {
        if (stack != null) {
            return;
        }
        Podman.assumeImageTools();
        ContainerEngine.assumeAvailable();
        Podman.buildImages("local-stack");
        ContainerEngine.assumePresent(IMAGE, "built into podman's store: point DOCKER_HOST at `podman system service`");
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE), freePort());
        container.start();
        stack = container;
    }

    @AfterAll
    static void stop() {
        ContainerEngine.stop(stack);
    }

    @Override
    protected String kafkaBootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    @Override
    protected ObjectStore.Config objectStore() {
        return stack.objectStore();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The image as a Testcontainers container, never pulled. Kafka tells clients the address to connect to,
     * so the broker's port is bound to a fixed host port chosen beforehand and advertised as such
     * ({@code MODECONN_KAFKA_ADVERTISED}); S3 is mapped to a random host port. Random credentials.
     */
    static final class LocalStackContainer extends GenericContainer<LocalStackContainer> {
        private static final int KAFKA_PORT = 9092;
        private static final int S3_PORT = 9000;
        private final int kafkaHostPort;
        private final String secretKey = randomHex();

        LocalStackContainer(DockerImageName image, int kafkaHostPort) {
            super(image);
            this.kafkaHostPort = kafkaHostPort;
            withImagePullPolicy(name -> false);
            addFixedExposedPort(kafkaHostPort, KAFKA_PORT);
            withExposedPorts(S3_PORT);
            withEnv("MODECONN_S3_ACCESS_KEY", "modeconn-test");
            withEnv("MODECONN_S3_SECRET_KEY", secretKey);
            withEnv("MODECONN_KAFKA_ADVERTISED", getHost() + ":" + kafkaHostPort);
            withEnv("JAVA_TOOL_OPTIONS", "-Xmx384m -XX:+UseSerialGC");
            waitingFor(Wait.forLogMessage(".*" + LocalStackMain.READY + ".*", 1).withStartupTimeout(Duration.ofMinutes(3)));
        }

        private static String randomHex() {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }

        String kafkaBootstrapServers() {
            return getHost() + ":" + kafkaHostPort;
        }

        ObjectStore.Config objectStore() {
            return new ObjectStore.Config("http://" + getHost() + ":" + getMappedPort(S3_PORT), "modeconn-test", secretKey,
                    "modeconn", null);
        }
    }
}
