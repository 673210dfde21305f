package org.modeconn.stack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default: a real Kafka broker and a real S3 server in this JVM, on loopback ports, with
 * their data under one directory. {@code modeconn run}, {@code modeconn stack up} and every integration
 * test use it; the services see nothing but a bootstrap address and an S3 endpoint, exactly as in a
 * cluster.
 *
 * <p>Where it runs is written to {@code stack.json} in the data directory (owner-readable only, since
 * it holds the generated S3 secret) so that other processes can find it.
 */
public final class LocalStack implements AutoCloseable {

    public static final String STATE_FILE = "stack.json";
    /** The bucket a stack started with {@link Config#in} serves (what {@code modeconn run} stages into). */
    public static final String DEFAULT_BUCKET = "modeconn";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to start: port 0 picks a free port; null credentials are generated at random. {@code s3TlsPort}:
     * -1 serves S3 over plain HTTP only, 0 also over HTTPS on a free port, &gt; 0 on that port.
     * {@code listenAddress}: where broker and S3 server listen (null: loopback; {@code 0.0.0.0} in a
     * container). {@code kafkaAdvertised}: the {@code host:port} Kafka clients are told to connect to (null:
     * {@code 127.0.0.1:kafkaPort}), e.g. the host side of a container's port mapping.
     */
    public record Config(Path dataDir, int kafkaPort, int controllerPort, int s3Port,
                         String accessKey, String secretKey, String bucket, List<String> topics, int partitions,
                         int s3TlsPort, String listenAddress, String kafkaAdvertised) {
        public static Config in(Path dataDir) {
            return new Config(dataDir, 0, 0, 0, null, null, DEFAULT_BUCKET, List.of(), 4, -1, null, null);
        }

        public Config withTopics(List<String> topics) {
            return new Config(dataDir, kafkaPort, controllerPort, s3Port, accessKey, secretKey, bucket, topics, partitions,
                    s3TlsPort, listenAddress, kafkaAdvertised);
        }

        public Config withPorts(int kafka, int controller, int s3) {
            return new Config(dataDir, kafka, controller, s3, accessKey, secretKey, bucket, topics, partitions, s3TlsPort,
                    listenAddress, kafkaAdvertised);
        }

        public Config withBucket(String bucket) {
            return new Config(dataDir, kafkaPort, controllerPort, s3Port, accessKey, secretKey, bucket, topics, partitions,
                    s3TlsPort, listenAddress, kafkaAdvertised);
        }

        /** Serves S3 over HTTPS too, on {@code port} (0: a free one), with a self-signed certificate. */
        public Config withS3Tls(int port) {
            return new Config(dataDir, kafkaPort, controllerPort, s3Port, accessKey, secretKey, bucket, topics, partitions,
                    port, listenAddress, kafkaAdvertised);
        }

        /** The S3 credentials clients must sign with (instead of random ones). */
        public Config withCredentials(String accessKey, String secretKey) {
            return new Config(dataDir, kafkaPort, controllerPort, s3Port, accessKey, secretKey, bucket, topics, partitions,
                    s3TlsPort, listenAddress, kafkaAdvertised);
        }

        /**
         * Listens on {@code address} (e.g. {@code 0.0.0.0}) and tells Kafka clients to connect to
         * {@code kafkaAdvertised} ({@code host:port}; null: {@code 127.0.0.1} and the broker's port).
         */
        public Config withNetwork(String address, String kafkaAdvertised) {
            return new Config(dataDir, kafkaPort, controllerPort, s3Port, accessKey, secretKey, bucket, topics, partitions,
                    s3TlsPort, address, kafkaAdvertised);
        }
    }

    /**
     * Where a running stack can be reached. {@code s3SecureEndpoint} and {@code s3Certificate} (the PEM file
     * HTTPS clients trust, e.g. {@code aws --ca-bundle}) are null when the stack serves S3 over HTTP only.
     */
    public record Endpoints(String kafkaBootstrapServers, String s3Endpoint, String s3AccessKey, String s3SecretKey,
                            String bucket, long pid, String dataDir, String s3SecureEndpoint, String s3Certificate) {
    }

    private KafkaBroker kafka;
    private S3Server s3;
    private final Endpoints endpoints;
    private final Path stateFile;
    /** How the broker and the store were started (ports resolved), to start them again on the same ports. */
    private final Config started;

    private LocalStack(KafkaBroker kafka, S3Server s3, Endpoints endpoints, Path stateFile, Config started) {
        this.kafka = kafka;
        this.s3 = s3;
        this.endpoints = endpoints;
        this.stateFile = stateFile;
        this.started = started;
    }

    public static LocalStack start(Config config) throws IOException {
        Path dir = config.dataDir().toAbsolutePath();
        Files.createDirectories(dir);
        String accessKey = config.accessKey() != null ? config.accessKey() : "modeconn-" + randomHex(4);
        String secretKey = config.secretKey() != null ? config.secretKey() : randomHex(20);
        int kafkaPort = config.kafkaPort() != 0 ? config.kafkaPort() : freePort();
        int controllerPort = config.controllerPort() != 0 ? config.controllerPort() : freePort();
        int s3Port = config.s3Port() != 0 ? config.s3Port() : freePort();
        int s3TlsPort = config.s3TlsPort() < 0 ? -1 : config.s3TlsPort() != 0 ? config.s3TlsPort() : freePort();

        String listen = config.listenAddress() != null ? config.listenAddress() : "127.0.0.1";
        KafkaBroker kafka = KafkaBroker.start(dir, listen, kafkaPort, controllerPort, config.kafkaAdvertised());
        S3Server s3 = null;
        try {
            if (!config.topics().isEmpty()) {
                kafka.createTopics(config.topics(), config.partitions());
            }
            s3 = S3Server.start(dir, listen, s3Port, s3TlsPort, accessKey, secretKey);
            makePrivateBucket(dir.resolve("s3").resolve(config.bucket()));
            Endpoints endpoints = new Endpoints(kafka.bootstrapServers(), s3.endpoint(), accessKey, secretKey,
                    config.bucket(), ProcessHandle.current().pid(), dir.toString(), s3.secureEndpoint(),
                    s3.certificate() == null ? null : s3.certificate().toString());
            Path stateFile = dir.resolve(STATE_FILE);
            writeState(stateFile, endpoints);
            Config resolved = new Config(dir, kafkaPort, controllerPort, s3Port, accessKey, secretKey, config.bucket(),
                    config.topics(), config.partitions(), s3TlsPort, listen, config.kafkaAdvertised());
            return new LocalStack(kafka, s3, endpoints, stateFile, resolved);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s3);
            kafka.close();
            throw e;
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** Creates topics that do not exist yet. */
    public void createTopics(List<String> names, int partitions) throws IOException {
        kafka.createTopics(names, partitions);
    }

    /**
     * Shuts the broker down (its data stays): clients find it unreachable until {@link #startBroker()}. For
     * fault-injection tests: a broker that restarts under running services.
     */
    public synchronized void stopBroker() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** Starts the broker again on the same ports and data after {@link #stopBroker()}. */
    public synchronized void startBroker() throws IOException {
        if (kafka == null) {
            kafka = KafkaBroker.start(started.dataDir(), started.listenAddress(), started.kafkaPort(), started.controllerPort(),
                    started.kafkaAdvertised());
        }
    }

    /** Stops the S3 server (its objects stay): requests are refused until {@link #startStore()}. For fault-injection tests. */
    public synchronized void stopStore() {
        closeQuietly(s3);
        s3 = null;
    }

    /** Starts the S3 server again on the same ports, credentials and objects after {@link #stopStore()}. */
    public synchronized void startStore() throws IOException {
        if (s3 == null) {
            s3 = S3Server.start(started.dataDir(), started.listenAddress(), started.s3Port(), started.s3TlsPort(),
                    started.accessKey(), started.secretKey());
        }
    }

    /**
     * The endpoints of the stack recorded in {@code dataDir}, if that stack's process is alive and its broker
     * answers; empty if no stack is recorded there or its process is gone.
     *
     * @throws IOException if the recorded process is alive but its broker does not accept a connection (a stack
     *                     that is stopping or hung: it still holds the folder, so no new stack can start there)
     */
    public static Optional<Endpoints> findRunning(Path dataDir) throws IOException {
        Path file = dataDir.toAbsolutePath().resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Endpoints e = JSON.readValue(file.toFile(), Endpoints.class);
        boolean alive = ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            return Optional.empty();
        }
        String[] hostPort = e.kafkaBootstrapServers().split(":");
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
        } catch (IOException notAnswering) {
            throw new IOException("the local stack recorded in " + file + " (pid " + e.pid() + ") is alive but its broker at "
                    + e.kafkaBootstrapServers() + " does not answer: it is stopping or hung; wait for it to end, or stop"
                    + " process " + e.pid(), notAnswering);
        }
        return Optional.of(e);
    }

    /**
     * Withdraws this stack from {@link #findRunning}: deletes its state file, so that no other command attaches
     * to a stack about to stop. {@link #close()} does it too; call it first when other work precedes the close.
     */
    public void withdraw() {
        try {
            Files.deleteIfExists(stateFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bucket's directory, readable by its owner only: S3Proxy's filesystem backend takes a bucket whose
     * directory others may read for a public-read bucket and lists it to anonymous requests.
     */
    private static void makePrivateBucket(Path bucket) throws IOException {
        Files.createDirectories(bucket);
        try {
            Files.setPosixFilePermissions(bucket, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions: nothing marks the bucket public either
        }
    }

    private static void writeState(Path file, Endpoints endpoints) throws IOException {
        Path tmp = file.resolveSibling(STATE_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(endpoints));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        try {
            withdraw();
        } finally {
            stopStore();
            stopBroker();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down: nothing useful left to do with the error
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
