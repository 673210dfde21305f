package org.modeconn.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.store.BlobRef;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trace context through a real broker: what a handler publishes continues the trace of the record it
 * handles (W3C {@code traceparent} in the Kafka headers), a record without context starts a trace, a
 * dead letter is a failed span in the same trace, and with tracing off no header is written. Spans are
 * collected by the OpenTelemetry SDK's in-memory exporter; Kafka is the local stack's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxTracingTest {
    private static final String SHA = "0".repeat(64);

    /** What a W3C {@code traceparent} header ({@code 00-TRACEID-SPANID-FLAGS}) says. */
    private record TraceParent(String traceId, String spanId) {
    }

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private KafkaClients kafka;
    private EventPublisher publisher;
    private Inbox inbox;

    @BeforeAll
    void start() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        LocalStack.Endpoints e = SharedLocalStack.get(Topics.ALL).endpoints();
        kafka = new KafkaClients(Map.of("bootstrap.servers", e.kafkaBootstrapServers()));
        Tracing tracing = new Tracing(sdk);
        publisher = new EventPublisher(kafka, tracing, "tracing-test");
        inbox = new Inbox(publisher, new SimpleMeterRegistry(), tracing, "tracing-test");
    }

    @AfterAll
    void stop() {
        publisher.close();
        sdk.close();
    }

    @BeforeEach
    void forgetSpans() {
        spans.reset();
    }

    @Test
    void recordsPublishedWhileHandlingARecordWithATraceparentCarryItsTraceId() {
        String study = newStudyId();
        Span upstream = sdk.getTracer("upstream").spanBuilder("send modeconn.study-status").setSpanKind(SpanKind.PRODUCER).startSpan();
        ConsumerRecord<String, String> record = statusRecord(study, upstream);
        upstream.end();
        spans.reset();

        List<ConsumerRecord<String, String>> published = capture(Topics.PATH_POINTS, study, 2, () ->
                inbox.handle(record, StudyStatus.class, s -> { // as the interpolator: several points for one record
                    publisher.publish(Topics.PATH_POINTS, point(s.studyId(), 0));
                    publisher.publish(Topics.PATH_POINTS, point(s.studyId(), 1));
                }));

        String trace = upstream.getSpanContext().getTraceId();
        SpanData consumer = only(SpanKind.CONSUMER);
        assertEquals("process " + Topics.STUDY_STATUS, consumer.getName());
        assertEquals(trace, consumer.getTraceId());
        assertEquals(upstream.getSpanContext().getSpanId(), consumer.getParentSpanId(), "the record's span is the parent");
        assertEquals("kafka", consumer.getAttributes().get(Tracing.MESSAGING_SYSTEM));
        assertEquals(Topics.STUDY_STATUS, consumer.getAttributes().get(Tracing.DESTINATION));
        assertEquals(study, consumer.getAttributes().get(Tracing.STUDY_ID));
        assertEquals("handled", consumer.getAttributes().get(Tracing.OUTCOME));

        List<SpanData> producers = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.PRODUCER).toList();
        assertEquals(2, producers.size());
        for (SpanData p : producers) {
            assertEquals(consumer.getSpanId(), p.getParentSpanId(), "each send is a child of the handling");
            assertEquals("send " + Topics.PATH_POINTS, p.getName());
        }
        assertEquals(List.of(0L, 1L), producers.stream().map(p -> p.getAttributes().get(Tracing.POINT_INDEX)).sorted().toList());
        for (ConsumerRecord<String, String> r : published) {
            TraceParent carried = carried(r);
            assertEquals(trace, carried.traceId(), "a published record continues the trace");
            assertTrue(producers.stream().anyMatch(p -> p.getSpanId().equals(carried.spanId())),
                    "its parent is the span that sent it");
        }
    }

    @Test
    void aRecordWithoutATraceparentStartsANewTrace() {
        String study = newStudyId();
        ConsumerRecord<String, String> record = statusRecord(study);
        List<ConsumerRecord<String, String>> published = capture(Topics.PATH_POINTS, study, 1, () ->
                inbox.handle(record, StudyStatus.class, s -> publisher.publish(Topics.PATH_POINTS, point(s.studyId(), 0))));

        SpanData consumer = only(SpanKind.CONSUMER);
        assertFalse(consumer.getParentSpanContext().isValid(), "a root span");
        assertEquals(consumer.getTraceId(), carried(published.get(0)).traceId(), "the published record carries the new trace");
    }

    @Test
    void aFailedHandlerIsAFailedSpanAndItsDeadLetterAndStatusStayInTheTrace() {
        String study = newStudyId();
        ConsumerRecord<String, String> record = statusRecord(study);
        List<ConsumerRecord<String, String>> published = capture(Topics.DEAD_LETTERS, study, 1, () ->
                inbox.handle(record, StudyStatus.class, s -> {
                    throw new IllegalStateException("the store is gone");
                }));

        SpanData consumer = only(SpanKind.CONSUMER);
        assertEquals(StatusCode.ERROR, consumer.getStatus().getStatusCode());
        assertEquals("IllegalStateException: the store is gone", consumer.getStatus().getDescription());
        assertEquals("dead_letter", consumer.getAttributes().get(Tracing.OUTCOME));
        assertTrue(consumer.getEvents().stream().anyMatch(ev -> ev.getName().equals("exception")), "the exception is recorded");
        assertEquals(consumer.getTraceId(), carried(published.get(0)).traceId(), "the dead letter is in the trace");
        List<String> sent = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.PRODUCER)
                .map(SpanData::getName).sorted().toList();
        assertEquals(List.of("send " + Topics.DEAD_LETTERS, "send " + Topics.STUDY_STATUS), sent, "the FAILED status and the dead letter");
    }

    @Test
    void aReplayedRecordIsHandledWithoutASpanInItsOldTrace() {
        String study = newStudyId();
        Span old = sdk.getTracer("upstream").spanBuilder("old").startSpan();
        ConsumerRecord<String, String> record = statusRecord(study, old);
        old.end();
        spans.reset();

        boolean[] handled = {false};
        inbox.handle(record, StudyStatus.class, Inbox.Delivery.REPLAY, s -> handled[0] = true);

        assertTrue(handled[0]);
        assertEquals(List.of(), spans.getFinishedSpanItems());
    }

    @Test
    void withTracingOffRecordsCarryNoTraceContext() {
        String study = newStudyId();
        EventPublisher untraced = new EventPublisher(kafka, Tracing.off(), "tracing-test");
        try {
            List<ConsumerRecord<String, String>> published = capture(Topics.PATH_POINTS, study, 1, () ->
                    untraced.publish(Topics.PATH_POINTS, point(study, 0)));
            assertNull(published.get(0).headers().lastHeader("traceparent"));
        } finally {
            untraced.close();
        }
    }

    private SpanData only(SpanKind kind) {
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    private static TraceParent carried(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "a traceparent header");
        String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("-");
        assertEquals(4, parts.length, "version, trace id, parent id, flags");
        return new TraceParent(parts[1], parts[2]);
    }

    /**
     * Runs {@code action} and returns the first {@code count} records it put on {@code topic} for {@code key}: under
     * that record key, or about that study (path points are keyed by path and index, see docs/events.md).
     */
    private List<ConsumerRecord<String, String>> capture(String topic, String key, int count, Runnable action) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach(consumer::seek);
            action.run();
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (key.equals(r.key()) || r.value().contains("\"studyId\":\"" + key + "\"")) {
                        found.add(r);
                    }
                });
            }
            assertEquals(count, found.size(), "records on " + topic);
            return found;
        }
    }

    private static String newStudyId() {
        return "study-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static ConsumerRecord<String, String> statusRecord(String studyId) {
        return new ConsumerRecord<>(Topics.STUDY_STATUS, 0, 7L, studyId, EventCodec.encode(new StudyStatus(Event.SCHEMA, studyId,
                StudyStatus.State.PROGRESS, "points", 1, 2, null, null)));
    }

    /** A status record as the service that sent it under {@code sender} would have written it (W3C headers). */
    private static ConsumerRecord<String, String> statusRecord(String studyId, Span sender) {
        ConsumerRecord<String, String> record = statusRecord(studyId);
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(sender), record.headers(),
                (headers, key, value) -> headers.add(key, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static PathPointReady point(String studyId, int index) {
        return new PathPointReady(Event.SCHEMA, studyId, "path-line", index, index, BlobRef.of("modeconn", "points/" + index, SHA, 1));
    }
}
