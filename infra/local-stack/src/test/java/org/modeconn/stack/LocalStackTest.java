package org.modeconn.stack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalStackExtension.class)
class LocalStackTest {

    @Test
    void recordsGoThroughTheRealBroker(LocalStack.Endpoints stack) throws Exception {
        String topic = "local-stack-test";
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
            }
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < 10 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        assertEquals(10, values.size(), "every record produced comes back once");
        assertTrue(values.containsAll(List.of("value-0", "value-9")));
    }

    @Test
    void s3EndpointRejectsUnsignedWrites(LocalStack.Endpoints stack) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(stack.s3Endpoint() + "/" + stack.bucket() + "/anonymous.txt")
                .toURL().openConnection();
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        c.getOutputStream().write("x".getBytes());
        assertEquals(403, c.getResponseCode(), "anonymous writes must be refused");
    }

    @Test
    void s3EndpointRefusesAnonymousListing(LocalStack.Endpoints stack) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(stack.s3Endpoint() + "/" + stack.bucket() + "/")
                .toURL().openConnection();
        assertEquals(403, c.getResponseCode(), "anonymous clients must not list the bucket's keys");
    }

    @Test
    void aSecondStackStartsStopsAndLeavesNoStateBehind(@TempDir Path dir) throws Exception {
        LocalStack.Endpoints endpoints;
        try (LocalStack stack = LocalStack.start(LocalStack.Config.in(dir).withTopics(List.of("a", "b")))) {
            endpoints = stack.endpoints();
            Path state = dir.resolve(LocalStack.STATE_FILE);
            assertTrue(Files.exists(state));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)),
                    "the state file holds the S3 secret and must be private");
            assertEquals(endpoints, LocalStack.findRunning(dir).orElseThrow());
        }
        assertFalse(Files.exists(dir.resolve(LocalStack.STATE_FILE)));
        assertTrue(LocalStack.findRunning(dir).isEmpty());
        // Restart on the same directory: the formatted KRaft log is reused.
        try (LocalStack again = LocalStack.start(LocalStack.Config.in(dir))) {
            assertTrue(again.endpoints().kafkaBootstrapServers().startsWith("127.0.0.1:"));
        }
    }

    @Test
    void aStackThatIsStoppingIsNeitherReusedNorTakenForGone(@TempDir Path dir) throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Config.in(dir))) {
            stack.stopBroker(); // alive, recorded, but its broker no longer answers: as while it shuts down
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> LocalStack.findRunning(dir));
            assertTrue(e.getMessage().contains("does not answer") && e.getMessage().contains("pid " + ProcessHandle.current().pid()),
                    e.getMessage());
            stack.withdraw(); // what `run` does first when it stops
            assertTrue(LocalStack.findRunning(dir).isEmpty());
        }
    }
}
