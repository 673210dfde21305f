package org.modeconn.stack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), listening on loopback
 * (or on the given address, e.g. {@code 0.0.0.0} in a container). Its log directory survives restarts, so a
 * study's topics and offsets do too.
 *
 * <p>Clients are told to connect to the advertised {@code host:port}. When that is not the broker's own
 * {@code 127.0.0.1:port} (a container's port mapped to another host port), the broker also listens on a
 * loopback-only {@code INTERNAL} listener, advertised as itself, for its own traffic and for the topic
 * creation done here: the advertised address need not be reachable from inside.
 */
final class KafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String ownBootstrapServers;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, String ownBootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.ownBootstrapServers = ownBootstrapServers;
    }

    /**
     * Starts the broker on {@code listenHost:port}, its controller on loopback; {@code advertised} is the
     * {@code host:port} clients are told to use (null: {@code 127.0.0.1:port}).
     */
    static KafkaBroker start(Path dataDir, String listenHost, int port, int controllerPort, String advertised)
            throws IOException {
        Path logDir = dataDir.resolve("kafka-logs");
        Files.createDirectories(logDir);
        String loopback = "127.0.0.1:" + port;
        String external = advertised != null ? advertised : loopback;
        String own = loopback;
        String listeners = "PLAINTEXT://" + listenHost + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
        String advertisedListeners = "PLAINTEXT://" + external;
        String interBroker = "PLAINTEXT";
        if (!external.equals(loopback)) {
            own = "127.0.0.1:" + LocalStack.freePort();
            listeners += ",INTERNAL://" + own;
            advertisedListeners += ",INTERNAL://" + own;
            interBroker = "INTERNAL";
        }
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", listeners);
        props.put("advertised.listeners", advertisedListeners);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT");
        props.put("inter.broker.listener.name", interBroker);
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "4");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's 128 MiB default dedupe buffer would sit on the heap of whoever embeds us.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("auto.create.topics.enable", "true");
        // A broker for one machine's studies: the defaults (8 request handlers, 3 network threads per listener, 4 group
        // coordinator threads) are sized for a server's many clients. Each idle thread wakes several times a second,
        // and on the machine that also trains and scores every wake-up preempts an engine thread
        // (docs/performance.md, "Idle wake-ups").
        props.put("num.io.threads", "2");
        props.put("num.network.threads", "1");
        props.put("group.coordinator.threads", "1");

        Path config = dataDir.resolve("kafka.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by modeconn local stack");
        }
        formatOnce(dataDir, logDir, config);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        return new KafkaBroker(server, external, own);
    }

    /** KRaft needs its log directory formatted with a cluster id once; later starts reuse it. */
    private static void formatOnce(Path dataDir, Path logDir, Path config) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path idFile = dataDir.resolve("kafka-cluster-id");
        String clusterId = Files.exists(idFile) ? Files.readString(idFile).trim() : Uuid.randomUuid().toString();
        Files.writeString(idFile, clusterId);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool.execute(
                new String[]{"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
                new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IOException("formatting the Kafka log directory failed: " + log.toString(StandardCharsets.UTF_8));
        }
    }

    /** The advertised address: what clients bootstrap from. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics that do not exist yet (existing ones are left as they are). */
    void createTopics(Collection<String> names, int partitions) throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ownBootstrapServers))) {
            for (String name : names) {
                try {
                    admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IOException("creating topic " + name + " failed", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the broker did not create the topics within 30 s", e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
