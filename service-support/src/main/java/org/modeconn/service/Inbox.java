package org.modeconn.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.modeconn.core.events.DeadLetter;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.MisfitException;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.pipeline.TransientError;
import org.modeconn.core.store.ObjectKeys;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way records come in: decode, handle, and never let a bad record stop the channel. A record
 * that is not a valid event of the expected type goes to {@link Topics#DEAD_LETTERS} with the reason, and
 * so does one that fits no study ({@link MisfitException}, an invalid object key): neither changes any
 * study's state. A handler that fails otherwise sends the record there too and marks its study FAILED. Either way the method
 * returns normally, so the record is acknowledged and the next one is read. A handler that meets a
 * transient error (the store or the broker briefly unreachable, {@link TransientError}) is tried again
 * first, up to {@link #RETRIES} times with exponential backoff (1 s, 2 s, … at most 30 s; SmallRye
 * Fault Tolerance): handlers are idempotent, so a retry redoes only what is missing.
 *
 * <p>Each record is handled under a CONSUMER span whose parent is the context in the record's headers
 * ({@link Tracing}); the span is current while the handler runs, so what the handler publishes joins
 * the same trace. A dead letter marks the span failed, with the exception if there is one.
 */
@Startup
@ApplicationScoped
public class Inbox {
    private static final Logger LOG = Logger.getLogger(Inbox.class);

    /** Handles one decoded event; may throw, the inbox reports it. */
    @FunctionalInterface
    public interface Handler<T> {
        void handle(T event) throws Exception;
    }

    /** The values of the label {@code outcome} of {@code modeconn_records_total}. */
    static final List<String> OUTCOMES = List.of("handled", "dead_letter", "failed");

    /** Whether a record is seen for the first time or read again only to rebuild state. */
    public enum Delivery {
        /** A record to act on: handled under a span that continues the record's trace. */
        NEW,
        /**
         * A record read again to rebuild state (the reporter's history at start-up): handled alike but
         * without a span, so that traces that ended long ago do not grow a span at every restart.
         */
        REPLAY
    }

    /** How often a handler that meets a transient error ({@link TransientError}) is tried again. */
    static final int RETRIES = 5;
    /** {@code modeconn_records_retried_total{topic}}: handler attempts after a transient error. */
    private static final String RETRIED = "modeconn.records.retried";

    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final Guard retry;
    private final Tracing tracing;
    private final String service;

    @Inject
    Inbox(EventPublisher publisher, MeterRegistry registry, Tracing tracing,
          @ConfigProperty(name = "quarkus.application.name") String service) {
        this(publisher, registry, tracing, service, Duration.ofSeconds(1));
    }

    /**
     * @param firstRetryDelay the wait before the first retry of a handler that met a transient error; each
     *                        further retry waits twice as long (at most 30 s), {@link #RETRIES} at most
     */
    Inbox(EventPublisher publisher, MeterRegistry registry, Tracing tracing, String service, Duration firstRetryDelay) {
        this.publisher = publisher;
        this.registry = registry;
        this.tracing = tracing;
        this.service = service;
        long delay = firstRetryDelay.toMillis();
        this.retry = Guard.create().withDescription("a handler that met a transient error").withRetry()
                .maxRetries(RETRIES).delay(delay, ChronoUnit.MILLIS).jitter(delay / 5 + 1, ChronoUnit.MILLIS)
                .maxDuration(5, ChronoUnit.MINUTES).whenException(TransientError::is)
                .withExponentialBackoff().factor(2).maxDelay(30, ChronoUnit.SECONDS).done()
                .done().build();
        // Every counter exists at 0 from the start: Prometheus' increase() and rate() miss the first
        // dead letter of a series that is born at 1.
        for (String topic : incomingTopics(ConfigProvider.getConfig())) {
            for (String outcome : OUTCOMES) {
                count(topic, outcome, 0);
            }
            registry.counter(RETRIED, "topic", topic);
        }
    }

    /** The topics of the service's incoming channels ({@code mp.messaging.incoming.NAME.topic}). */
    static List<String> incomingTopics(Config config) {
        List<String> topics = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topic")) {
                config.getOptionalValue(name, String.class).filter(t -> !topics.contains(t)).ifPresent(topics::add);
            }
        }
        return topics;
    }

    /**
     * Decodes {@code record} as a {@code type} and runs {@code handler} on it, as a {@link Delivery#NEW}
     * record. Never throws: what the handler throws ends as a dead letter (see the class comment).
     */
    public <T extends Event> void handle(ConsumerRecord<String, String> record, Class<T> type, Handler<T> handler) {
        handle(record, type, Delivery.NEW, handler);
    }

    /** As {@link #handle(ConsumerRecord, Class, Handler)}, traced or not as {@code delivery} says. */
    public <T extends Event> void handle(ConsumerRecord<String, String> record, Class<T> type, Delivery delivery,
                                         Handler<T> handler) {
        Span span = delivery == Delivery.NEW ? tracing.startProcess(record) : Span.getInvalid();
        try (Scope ignored = span.makeCurrent()) {
            decodeAndHandle(record, type, handler, span);
        } finally {
            span.end();
        }
    }

    private <T extends Event> void decodeAndHandle(ConsumerRecord<String, String> record, Class<T> type, Handler<T> handler,
                                                   Span span) {
        T event;
        try {
            event = EventCodec.decode(record.value() == null ? "" : record.value(), type);
        } catch (EventCodec.BadEventException e) {
            deadLetter(record, e.getMessage(), "dead_letter", span, null);
            return;
        }
        Tracing.describe(span, event);
        long started = System.nanoTime();
        try {
            int[] attempts = {0};
            retry.call(() -> {
                if (attempts[0]++ > 0) {
                    registry.counter(RETRIED, "topic", record.topic()).increment();
                    LOG.warnf("%s retries %s@%d:%d (attempt %d): the last one met a transient error", service, record.topic(),
                            record.partition(), record.offset(), attempts[0]);
                }
                handler.handle(event);
                return null;
            }, Void.class);
            count(record, "handled");
            span.setAttribute(Tracing.OUTCOME, "handled");
        } catch (MisfitException | ObjectKeys.InvalidKeyException e) {
            deadLetter(record, "does not fit: " + e.getMessage(), "dead_letter", span, e); // no study changes state for a stray record
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (TransientError.is(e) ? " (still failing after " + RETRIES + " retries)" : "");
            LOG.errorf(e, "%s failed on %s@%d:%d", service, record.topic(), record.partition(), record.offset());
            String studyId = event.studyId();
            if (studyId != null) {
                publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, studyId, StudyStatus.State.FAILED,
                        service, 0, 0, reason, null));
            }
            deadLetter(record, reason, "failed", span, e);
        } finally {
            Timer.builder("modeconn.record.handling").description("Time a handler took for one record, whatever its outcome")
                    .tag("topic", record.topic()).publishPercentileHistogram().register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** {@code modeconn_records_total{topic, outcome}}: handled, dead_letter (does not decode or fit), failed (the handler threw). */
    private void count(ConsumerRecord<String, String> record, String outcome) {
        count(record.topic(), outcome, 1);
    }

    private void count(String topic, String outcome, int n) {
        registry.counter("modeconn.records", "topic", topic, "outcome", outcome).increment(n);
    }

    private void deadLetter(ConsumerRecord<String, String> record, String reason, String outcome, Span span, Exception cause) {
        LOG.warnf("dead letter from %s@%d:%d: %s", record.topic(), record.partition(), record.offset(), reason);
        count(record, outcome);
        span.setAttribute(Tracing.OUTCOME, "dead_letter");
        Tracing.failed(span, reason, cause);
        publisher.publish(Topics.DEAD_LETTERS, new DeadLetter(Event.SCHEMA, service, record.topic(), record.partition(),
                record.offset(), record.key(), record.value(), reason));
    }
}
