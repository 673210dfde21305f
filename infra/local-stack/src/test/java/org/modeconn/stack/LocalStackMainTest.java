package org.modeconn.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image's entry point: its settings from the environment, and a broker advertised under another address. */
class LocalStackMainTest {

    @Test
    void readsItsSettingsFromTheEnvironment() {
        LocalStack.Config c = LocalStackMain.configFrom(Map.of("MODECONN_S3_SECRET_KEY", "s3cret",
                "MODECONN_KAFKA_ADVERTISED", "example.org:29092", "MODECONN_STACK_TOPICS", "a, b,", "MODECONN_S3_PORT", "9100"));
        assertEquals(List.of(9092, 9093, 9100), List.of(c.kafkaPort(), c.controllerPort(), c.s3Port()));
        assertEquals(List.of("modeconn", "s3cret", "modeconn"), List.of(c.accessKey(), c.secretKey(), c.bucket()));
        assertEquals(List.of("0.0.0.0", "example.org:29092"), List.of(c.listenAddress(), c.kafkaAdvertised()));
        assertEquals(List.of("a", "b"), c.topics());
        assertEquals(Path.of("data"), c.dataDir());
        assertEquals("127.0.0.1:9092", LocalStackMain.configFrom(Map.of("MODECONN_S3_SECRET_KEY", "x")).kafkaAdvertised());
    }

    @Test
    void refusesToStartWithoutASecretOrWithABadPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalStackMain.configFrom(Map.of()));
        assertTrue(e.getMessage().contains("MODECONN_S3_SECRET_KEY"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LocalStackMain.configFrom(Map.of(
                "MODECONN_S3_SECRET_KEY", "x", "MODECONN_KAFKA_PORT", "ninety")));
        assertTrue(e.getMessage().contains("MODECONN_KAFKA_PORT"), e.getMessage());
    }

    /**
     * Advertised under an address other than its own (as behind a container's port mapping), the broker still
     * creates topics through its internal listener, and clients that use the advertised address are served.
     */
    @Test
    void aBrokerAdvertisedUnderAnotherAddressServesItsClients(@TempDir Path dir) throws Exception {
        int port = LocalStack.freePort();
        String advertised = "localhost:" + port;
        try (LocalStack stack = LocalStack.start(LocalStack.Config.in(dir).withPorts(port, 0, 0)
                .withNetwork("127.0.0.1", advertised).withTopics(List.of("advertised")))) {
            assertEquals(advertised, stack.endpoints().kafkaBootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, advertised))) {
                assertEquals(List.of(advertised), admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                        .map(n -> n.host() + ":" + n.port()).toList(), "clients are sent to the advertised address");
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("advertised"));
            }
        }
    }
}
