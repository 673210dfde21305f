package org.modeconn.core.containers;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the services need from a broker and an object store, as tests any backend runs: an event goes through
 * Kafka and comes back equal, and an object put into the store reads back byte for byte and stats to the
 * same reference. A subclass starts the backend (containers of the projects' public images, the local
 * stack's image, ...) and says where it is. Shared with {@code infra/deploy-check} through core's test jar.
 *
 * <p>The backend is started before each test (once, kept in a static field and stopped after all), not in a
 * {@code @BeforeAll}: a test skipped there by an assumption is reported by Surefire as no test at all,
 * without the reason; skipped here, each test is reported skipped with it.
 */
public abstract class BackendContracts {

    /** Starts the backend unless it runs already; skips the test (an assumption) where it cannot run. */
    protected abstract void startBackend() throws Exception;

    @BeforeEach
    void backendUp() throws Exception {
        startBackend();
    }

    /** The broker's bootstrap address as seen from this JVM. */
    protected abstract String kafkaBootstrapServers();

    /** How to reach the object store from this JVM (bucket {@code modeconn}). */
    protected abstract ObjectStore.Config objectStore();

    @Test
    void eventsThroughRealKafka() throws Exception {
        Event sent = new PathPointReady(1, "study-1", "path-1", 4, 0.16,
                BlobRef.of("modeconn", "studies/study-1/paths/path-1/points/4.safetensors", "b".repeat(64), 99));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("modeconn.path-points", sent.key(), EventCodec.encode(sent))).get();
        }
        List<Event> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers(),
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
    void objectStoreRoundTrip() throws Exception {
        try (ObjectStore store = ObjectStore.connect(objectStore())) {
            byte[] bytes = "a checkpoint".getBytes(StandardCharsets.UTF_8);
            BlobRef ref = store.putBytes("studies/s/checkpoints/c.safetensors", bytes);
            assertArrayEquals(bytes, store.readBytes(ref));
            assertEquals(ref, store.stat(ref.key()).orElseThrow().ref().orElseThrow());
        }
    }
}
