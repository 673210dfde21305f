package org.modeconn.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.modeconn.core.events.DeadLetter;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.MisfitException;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.store.ObjectKeys;

/**
 * The one way records come in: decode, handle, and never let a bad record stop the channel. A record
 * that is not a valid event of the expected type goes to {@link Topics#DEAD_LETTERS} with the reason, and
 * so does one that fits no study ({@link MisfitException}, an invalid object key): neither changes any
 * study's state. A handler that fails otherwise sends the record there too and marks its study FAILED. Either way the method
 * returns normally, so the record is acknowledged and the next one is read.
 *
 * <p>Each record is handled under a CONSUMER span whose parent is the context in the record's headers
 * ({@link Tracing}); the span is current while the handler runs, so what the handler publishes joins
 * the same trace. A dead letter marks the span failed, with the exception if there is one.
 */
@ApplicationScoped
public class Inbox {
    private static final Logger LOG = Logger.getLogger(Inbox.class);

    /** Handles one decoded event; may throw, the inbox reports it. */
    @FunctionalInterface
    public interface Handler<T> {
        void handle(T event) throws Exception;
    }

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

    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final Tracing tracing;
    private final String service;

    Inbox(EventPublisher publisher, MeterRegistry registry, Tracing tracing,
          @ConfigProperty(name = "quarkus.application.name") String service) {
        this.publisher = publisher;
        this.registry = registry;
        this.tracing = tracing;
        this.service = service;
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
            deadLetter(record, e.getMessage(), span, null);
            return;
        }
        Tracing.describe(span, event);
        try {
            handler.handle(event);
            registry.counter("modeconn.records", "topic", record.topic(), "outcome", "handled").increment();
            span.setAttribute(Tracing.OUTCOME, "handled");
        } catch (MisfitException | ObjectKeys.InvalidKeyException e) {
            deadLetter(record, "does not fit: " + e.getMessage(), span, e); // no study changes state for a stray record
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "%s failed on %s@%d:%d", service, record.topic(), record.partition(), record.offset());
            String studyId = event.studyId();
            if (studyId != null) {
                publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, studyId, StudyStatus.State.FAILED,
                        service, 0, 0, reason, null));
            }
            deadLetter(record, reason, span, e);
        }
    }

    private void deadLetter(ConsumerRecord<String, String> record, String reason, Span span, Exception cause) {
        LOG.warnf("dead letter from %s@%d:%d: %s", record.topic(), record.partition(), record.offset(), reason);
        registry.counter("modeconn.records", "topic", record.topic(), "outcome", "dead_letter").increment();
        span.setAttribute(Tracing.OUTCOME, "dead_letter");
        Tracing.failed(span, reason, cause);
        publisher.publish(Topics.DEAD_LETTERS, new DeadLetter(Event.SCHEMA, service, record.topic(), record.partition(),
                record.offset(), record.key(), record.value(), reason));
    }
}
