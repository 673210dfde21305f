package org.modeconn.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack on its own, configured from the environment, until the process is stopped: the
 * entry point of the image {@code localhost/modeconn-local-stack} ({@code infra/images/Containerfile.local-stack}),
 * a Kafka broker and an S3 server for tests and one-host setups without the projects' public images.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><td>{@code MODECONN_S3_SECRET_KEY}</td><td>required: the S3 secret key clients sign with</td></tr>
 *   <tr><td>{@code MODECONN_S3_ACCESS_KEY}</td><td>the S3 access key (default {@code modeconn})</td></tr>
 *   <tr><td>{@code MODECONN_S3_BUCKET}</td><td>the bucket made at start (default {@code modeconn})</td></tr>
 *   <tr><td>{@code MODECONN_S3_PORT}</td><td>S3 over HTTP (default 9000)</td></tr>
 *   <tr><td>{@code MODECONN_KAFKA_PORT}</td><td>the broker's client port (default 9092)</td></tr>
 *   <tr><td>{@code MODECONN_KAFKA_CONTROLLER_PORT}</td><td>the KRaft controller, on loopback (default 9093)</td></tr>
 *   <tr><td>{@code MODECONN_KAFKA_ADVERTISED}</td><td>the {@code host:port} clients are told to connect to:
 *       the host side of the broker port's mapping (default {@code 127.0.0.1:}<i>port</i>)</td></tr>
 *   <tr><td>{@code MODECONN_STACK_LISTEN}</td><td>the address both listen on (default {@code 0.0.0.0})</td></tr>
 *   <tr><td>{@code MODECONN_STACK_DIR}</td><td>topics, offsets and objects (default {@code data})</td></tr>
 *   <tr><td>{@code MODECONN_STACK_TOPICS}</td><td>topics to create, comma-separated (default none; topics
 *       are also created on first use)</td></tr>
 * </table>
 *
 * <p>Prints {@value #READY} and the endpoints once both serve; exits 2 with the reason if the environment
 * is incomplete.
 */
public final class LocalStackMain {

    /** The line printed once broker and S3 server serve (what a container's wait strategy looks for). */
    public static final String READY = "local stack is up";

    private LocalStackMain() {
    }

    /** Starts the stack from the environment and keeps it running until SIGTERM or Ctrl-C. */
    public static void main(String[] args) throws Exception {
        LocalStack.Config config;
        try {
            config = configFrom(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("modeconn local stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = LocalStack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        LocalStack.Endpoints e = stack.endpoints();
        System.out.println(READY + ": kafka " + e.kafkaBootstrapServers() + ", s3 port " + config.s3Port()
                + " (bucket " + e.bucket() + ", access key " + e.s3AccessKey() + ")");
        stopped.await();
    }

    /**
     * The stack's configuration from environment variables (see the class comment).
     *
     * @throws IllegalArgumentException if the secret key is missing or a port is not a number
     */
    public static LocalStack.Config configFrom(Map<String, String> env) {
        String secretKey = env.get("MODECONN_S3_SECRET_KEY");
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("MODECONN_S3_SECRET_KEY is not set (the S3 secret key clients sign with)");
        }
        int kafkaPort = port(env, "MODECONN_KAFKA_PORT", 9092);
        List<String> topics = Arrays.stream(env.getOrDefault("MODECONN_STACK_TOPICS", "").split(","))
                .map(String::strip).filter(t -> !t.isEmpty()).toList();
        return LocalStack.Config.in(Path.of(env.getOrDefault("MODECONN_STACK_DIR", "data")))
                .withPorts(kafkaPort, port(env, "MODECONN_KAFKA_CONTROLLER_PORT", 9093), port(env, "MODECONN_S3_PORT", 9000))
                .withCredentials(env.getOrDefault("MODECONN_S3_ACCESS_KEY", "modeconn"), secretKey)
                .withBucket(env.getOrDefault("MODECONN_S3_BUCKET", "modeconn"))
                .withTopics(topics)
                .withNetwork(env.getOrDefault("MODECONN_STACK_LISTEN", "0.0.0.0"),
                        env.getOrDefault("MODECONN_KAFKA_ADVERTISED", "127.0.0.1:" + kafkaPort));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a port number: " + value);
        }
    }
}
