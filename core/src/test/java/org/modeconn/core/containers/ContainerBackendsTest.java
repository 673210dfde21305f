package org.modeconn.core.containers;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectStore;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same contracts against the production servers' images (Apache Kafka, MinIO) where Docker runs;
 * skipped cleanly where it does not (as on the build machines, which use the in-process local stack).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBackendsTest {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

    @Test
    void eventsThroughRealKafka() throws Exception {
        Event sent = new PathPointReady(1, "study-1", "path-1", 4, 0.16,
                BlobRef.of("modeconn", "studies/study-1/paths/path-1/points/4.safetensors", "b".repeat(64), 99));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.getBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("modeconn.path-points", sent.key(), EventCodec.encode(sent))).get();
        }
        List<Event> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "containers", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("modeconn.path-points"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> received.add(EventCodec.decode(r.value(), Event.class)));
            }
        }
        assertEquals(List.of(sent), received);
    }

    @Test
    void objectStoreAgainstMinio() throws Exception {
        try (ObjectStore store = ObjectStore.connect(new ObjectStore.Config(MINIO.getS3URL(), MINIO.getUserName(),
                MINIO.getPassword(), "modeconn", null))) {
            byte[] bytes = "a checkpoint".getBytes(StandardCharsets.UTF_8);
            BlobRef ref = store.putBytes("studies/s/checkpoints/c.safetensors", bytes);
            assertArrayEquals(bytes, store.readBytes(ref));
            assertEquals(ref, store.stat(ref.key()).orElseThrow().ref().orElseThrow());
        }
    }
}
