package org.modeconn.interpolator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.events.Topics;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.LocalStackTestResource;
import org.modeconn.stack.SharedLocalStack;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The interpolator as a user of the topics sees it: a study is published, its two endpoint checkpoints
 * exist in the store, and every point of its path arrives on {@code modeconn.path-points} exactly once,
 * holding the blend (1 − t)·θ_a + t·θ_b, and, tracing being off by default, without trace context.
 * Publishing the study again announces the same blobs again.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class PathPointsThroughKafkaTest {
    @TempDir
    Path tmp;

    @Test
    void aStudyWithBothEndpointsStoredGetsEveryPointOfItsLineOnce() throws Exception {
        LocalStack.Endpoints e = SharedLocalStack.get(Topics.ALL).endpoints();
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree("""
                name: interpolator-test
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: s3://modeconn/x.tsv, dev: s3://modeconn/y.tsv}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 1}
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}}
                  b: {seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: 5}, eval: [d/dev]}
                """);
        StudyPlan plan = StudyPlanner.plan(SpecReader.fromTree(spec)).plan();
        StudyPlan.Path line = plan.paths().get(0);
        try (ObjectStore store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(),
                e.bucket(), "us-east-1"))) {
            storeCheckpoint(store, plan.studyId(), line.fromId(), new float[]{0, 2, 4}, new float[]{1});
            storeCheckpoint(store, plan.studyId(), line.toId(), new float[]{4, 6, 0}, new float[]{3});

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.PATH_POINTS, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(Topics.PATH_POINTS, p.partition())).toList();
                consumer.assign(partitions);
                consumer.endOffsets(partitions).forEach(consumer::seek);
                publish(e.kafkaBootstrapServers(), new StudyRequested(Event.SCHEMA, null, spec));

                Map<Integer, PathPointReady> points = new TreeMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int received = 0;
                while (points.size() < 5 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                        PathPointReady p = EventCodec.decode(r.value(), PathPointReady.class);
                        if (p.studyId().equals(plan.studyId())) {
                            points.put(p.index(), p);
                            received++;
                            assertNull(r.headers().lastHeader("traceparent"), "tracing is off unless configured");
                        }
                    }
                }
                assertEquals(5, received, "each point announced once");
                assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), points.values().stream().map(PathPointReady::t).toList());
                PathPointReady quarter = points.get(1);
                Path file = store.download(quarter.blob(), tmp.resolve("p1.safetensors"));
                try (SafetensorsReader r = SafetensorsReader.open(file)) {
                    assertArrayEquals(new float[]{1, 3, 3}, r.floats("encoder.w"), 1e-6f); // 0.75·a + 0.25·b
                    assertArrayEquals(new float[]{1.5f}, r.floats("classifier.bias"), 1e-6f);
                }
            }
        }
    }

    private static void storeCheckpoint(ObjectStore store, String studyId, String id, float[] w, float[] bias) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SafetensorsWriter writer = SafetensorsWriter.open(out, List.of(TensorInfo.of("encoder.w", DType.F32, 3),
                TensorInfo.of("classifier.bias", DType.F32, 1)), Map.of())) {
            writer.writeFloats("encoder.w", w);
            writer.writeFloats("classifier.bias", bias);
        }
        BlobRef ref = store.putBytes(ObjectKeys.checkpoint(studyId, id), out.toByteArray());
        store.putBytes(ObjectKeys.checkpointInfo(studyId, id), EventCodec.encodeBytes(
                new CheckpointReady(Event.SCHEMA, studyId, id, CheckpointReady.Kind.ENDPOINT, ref, Map.of())));
    }

    private static void publish(String bootstrap, Event event) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(Topics.STUDIES, event.key(), EventCodec.encode(event))).get(30, TimeUnit.SECONDS);
        }
    }
}
