package org.modeconn.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.modeconn.core.events.DeadLetter;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.MisfitException;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real broker: a record that fits no study is a dead letter and changes no study's state;
 * a handler that fails otherwise marks its study FAILED as well; a transient error is retried and only
 * a lasting one fails the study, with its cause.
 */
class InboxTest {
    private static final String STATUS = "{\"schema\": 1, \"type\": \"StudyStatus\", \"studyId\": \"%s\", \"state\": \"PROGRESS\","
            + " \"stage\": \"points\", \"done\": 1, \"total\": 2}";

    @Test
    void aMisfitIsADeadLetterAndFailsNoStudyWhileAFailureFailsItsStudy() throws Exception {
        LocalStack.Endpoints e = SharedLocalStack.get(Topics.ALL).endpoints();
        KafkaClients kafka = new KafkaClients(Map.of("bootstrap.servers", e.kafkaBootstrapServers()));
        EventPublisher publisher = new EventPublisher(kafka, Tracing.off(), "inbox-test");
        try (KafkaConsumer<String, String> consumer = outputs(e)) {

            Inbox inbox = new Inbox(publisher, new SimpleMeterRegistry(), Tracing.off(), "inbox-test");
            inbox.handle(record("study-stray"), StudyStatus.class, s -> {
                throw new MisfitException("index 9 is off the grid of path line (3 points)");
            });
            inbox.handle(record("study-escape"), StudyStatus.class, s -> ObjectKeys.checkpoint(s.studyId(), "../../escape"));
            inbox.handle(record("study-broken"), StudyStatus.class, s -> {
                throw new IllegalStateException("the store is gone");
            });

            List<DeadLetter> letters = new ArrayList<>();
            List<StudyStatus> statuses = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((letters.size() < 3 || statuses.isEmpty()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.topic().equals(Topics.DEAD_LETTERS)) {
                        letters.add(EventCodec.decode(r.value(), DeadLetter.class));
                    } else {
                        statuses.add(EventCodec.decode(r.value(), StudyStatus.class));
                    }
                }
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> {
                if (r.topic().equals(Topics.STUDY_STATUS)) {
                    statuses.add(EventCodec.decode(r.value(), StudyStatus.class));
                }
            });
            assertEquals(3, letters.size(), letters.toString());
            Map<String, String> errors = new java.util.HashMap<>();
            letters.forEach(l -> errors.put(l.recordKey(), l.error()));
            assertTrue(errors.get("study-stray").startsWith("does not fit: index 9 is off the grid"), errors.toString());
            assertTrue(errors.get("study-escape").startsWith("does not fit: object key"), errors.toString());
            assertEquals("IllegalStateException: the store is gone", errors.get("study-broken"));
            assertEquals(List.of("study-broken"), statuses.stream().map(StudyStatus::studyId).toList(),
                    "only the failed handler's study is marked, never a stray record's");
            assertEquals(StudyStatus.State.FAILED, statuses.get(0).state());
        } finally {
            publisher.close();
        }
    }

    @Test
    void aTransientErrorIsRetriedAndOnlyALastingOneFailsTheStudy() throws Exception {
        LocalStack.Endpoints e = SharedLocalStack.get(Topics.ALL).endpoints();
        EventPublisher publisher = new EventPublisher(new KafkaClients(Map.of("bootstrap.servers", e.kafkaBootstrapServers())),
                Tracing.off(), "inbox-test");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaConsumer<String, String> consumer = outputs(e)) {
            Inbox inbox = new Inbox(publisher, registry, Tracing.off(), "inbox-test", Duration.ofMillis(20));
            int[] attempts = new int[3];
            inbox.handle(record("study-blip"), StudyStatus.class, s -> {
                if (attempts[0]++ < 2) {
                    throw new java.io.IOException("stat x failed", new java.net.ConnectException("Connection refused"));
                }
            });
            inbox.handle(record("study-down"), StudyStatus.class, s -> {
                attempts[1]++;
                throw new java.io.IOException("stat x failed", new java.net.ConnectException("Connection refused"));
            });
            inbox.handle(record("study-bad"), StudyStatus.class, s -> {
                attempts[2]++;
                throw new IllegalArgumentException("no path p");
            });
            assertEquals(3, attempts[0], "a blip: two failures, then the handler's work is done");
            assertEquals(1 + Inbox.RETRIES, attempts[1], "a lasting outage: every retry, then the failure");
            assertEquals(1, attempts[2], "a lasting error is not retried");
            assertEquals(2 + Inbox.RETRIES, registry.counter("modeconn.records.retried", "topic", Topics.STUDY_STATUS).count());
            assertEquals(1, registry.counter("modeconn.records", "topic", Topics.STUDY_STATUS, "outcome", "handled").count());

            List<DeadLetter> letters = new ArrayList<>();
            List<StudyStatus> statuses = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((letters.size() < 2 || statuses.size() < 2) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.topic().equals(Topics.DEAD_LETTERS)) {
                        letters.add(EventCodec.decode(r.value(), DeadLetter.class));
                    } else {
                        statuses.add(EventCodec.decode(r.value(), StudyStatus.class));
                    }
                }
            }
            assertEquals(List.of("study-down", "study-bad"), statuses.stream().map(StudyStatus::studyId).toList(),
                    "the blip fails no study");
            assertEquals("IOException: stat x failed (still failing after " + Inbox.RETRIES + " retries)", statuses.get(0).message());
            assertEquals(List.of("study-down", "study-bad"), letters.stream().map(DeadLetter::recordKey).toList());
        } finally {
            publisher.close();
        }
    }

    /** A consumer of study-status and dead-letters from their current ends. */
    private static KafkaConsumer<String, String> outputs(LocalStack.Endpoints e) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.STUDY_STATUS, Topics.DEAD_LETTERS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.endOffsets(partitions).forEach(consumer::seek);
        return consumer;
    }

    private static ConsumerRecord<String, String> record(String studyId) {
        return new ConsumerRecord<>(Topics.STUDY_STATUS, 0, 7L, studyId, STATUS.formatted(studyId));
    }
}
