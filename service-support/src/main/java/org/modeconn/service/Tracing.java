package org.modeconn.service;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.TrainingJob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans of records: a CONSUMER span ({@code process TOPIC}) around each record a service handles,
 * its parent taken from the record's headers, and a PRODUCER span ({@code send TOPIC}) around each
 * record it publishes, whose context goes into that record's headers (W3C {@code traceparent}). So one
 * record's consequences, across services, are one trace: the context travels only in Kafka headers,
 * never in the events themselves.
 *
 * <p>Attributes, a fixed and small set (docs/pipeline.md, "Tracing"): {@code messaging.system},
 * {@code messaging.destination.name}, {@code messaging.operation.name} and {@code .type},
 * {@code messaging.destination.partition.id}, {@code messaging.kafka.offset}; from the event
 * {@code modeconn.event.type}, {@code modeconn.study.id}, and where the event has them
 * {@code modeconn.job.id}, {@code modeconn.checkpoint.id}, {@code modeconn.path.id},
 * {@code modeconn.point.index}, {@code modeconn.dataset}; on consumer spans {@code modeconn.outcome}
 * ({@code handled} or {@code dead_letter}, as the records metric).
 *
 * <p>With the OpenTelemetry SDK disabled ({@code quarkus.otel.sdk.disabled}, the default) this uses
 * the no-op OpenTelemetry: no header is read or written and spans are empty objects. (Quarkus' disabled
 * SDK would still create spans in memory and write a {@code traceparent} into every record.)
 */
@ApplicationScoped
public class Tracing {
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("modeconn.event.type");
    static final AttributeKey<String> STUDY_ID = AttributeKey.stringKey("modeconn.study.id");
    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("modeconn.job.id");
    static final AttributeKey<String> CHECKPOINT_ID = AttributeKey.stringKey("modeconn.checkpoint.id");
    static final AttributeKey<String> PATH_ID = AttributeKey.stringKey("modeconn.path.id");
    static final AttributeKey<Long> POINT_INDEX = AttributeKey.longKey("modeconn.point.index");
    static final AttributeKey<String> DATASET = AttributeKey.stringKey("modeconn.dataset");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("modeconn.outcome");

    /** Reads trace context from a record's headers (the last value of a repeated header wins). */
    private static final TextMapGetter<Headers> HEADERS_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header h = headers.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    /** Writes trace context into a record's headers, replacing what a header of that name held. */
    private static final TextMapSetter<Headers> HEADERS_SETTER = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /** The service's tracing: the application's OpenTelemetry, or none while the SDK is disabled. */
    @Inject
    Tracing(OpenTelemetry openTelemetry, @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        this(disabled ? OpenTelemetry.noop() : openTelemetry);
    }

    /** Spans from {@code openTelemetry}, context in headers by its propagators. */
    public Tracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("org.modeconn.service");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** No spans and no headers: for code run outside a service. */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop());
    }

    /**
     * Starts the CONSUMER span of handling {@code record}: the child of the context in its headers, or
     * the root of a new trace if it has none (whatever context is current is ignored, so a record never
     * joins the trace of the thread that happens to handle it). The caller makes it current and ends it.
     */
    public Span startProcess(ConsumerRecord<String, String> record) {
        Context parent = propagator.extract(Context.root(), record.headers(), HEADERS_GETTER);
        return tracer.spanBuilder("process " + record.topic())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(PARTITION, String.valueOf(record.partition()))
                .setAttribute(OFFSET, record.offset())
                .startSpan();
    }

    /**
     * Starts the PRODUCER span of publishing {@code event} to {@code topic}, a child of the current
     * span (the record being handled), or a new trace's root if none is current. The caller ends it.
     */
    public Span startSend(String topic, Event event) {
        Span span = tracer.spanBuilder("send " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION_NAME, "send")
                .setAttribute(OPERATION_TYPE, "send")
                .startSpan();
        describe(span, event);
        return span;
    }

    /** Writes the context of {@code span} (W3C trace context) into the headers of the record it sends. */
    public void inject(Span span, Headers headers) {
        propagator.inject(Context.root().with(span), headers, HEADERS_SETTER);
    }

    /** Notes where the broker put the record that {@code span} sent. */
    public static void sent(Span span, RecordMetadata metadata) {
        span.setAttribute(PARTITION, String.valueOf(metadata.partition()));
        if (metadata.hasOffset()) {
            span.setAttribute(OFFSET, metadata.offset());
        }
    }

    /** Adds what identifies the event (study, job, checkpoint, path, point, dataset) to the span. */
    public static void describe(Span span, Event event) {
        span.setAttribute(EVENT_TYPE, event.getClass().getSimpleName());
        if (event.studyId() != null) {
            span.setAttribute(STUDY_ID, event.studyId());
        }
        if (event instanceof TrainingJob j) {
            span.setAttribute(JOB_ID, j.jobId());
        } else if (event instanceof CheckpointReady c) {
            span.setAttribute(CHECKPOINT_ID, c.checkpointId());
        } else if (event instanceof PathPointReady p) {
            span.setAttribute(PATH_ID, p.pathId());
            span.setAttribute(POINT_INDEX, p.index());
        } else if (event instanceof PointEvaluated p) {
            span.setAttribute(PATH_ID, p.pathId());
            span.setAttribute(POINT_INDEX, p.index());
            span.setAttribute(DATASET, p.dataset());
        } else if (event instanceof PathReport r) {
            span.setAttribute(PATH_ID, r.pathId());
            span.setAttribute(DATASET, r.dataset());
        }
    }

    /** Marks the span failed with {@code reason}, recording {@code cause} as an exception event if there is one. */
    public static void failed(Span span, String reason, Throwable cause) {
        if (cause != null) {
            span.recordException(cause);
        }
        span.setStatus(StatusCode.ERROR, reason);
    }
}
