package org.modeconn.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
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
import org.modeconn.core.store.ObjectKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way records come in: decode, handle, and never let a bad record stop the channel. A record
 * that is not a valid event of the expected type goes to {@link Topics#DEAD_LETTERS} with the reason, and
 * so does one that fits no study ({@link MisfitException}, an invalid object key): neither changes any
 * study's state. A handler that fails otherwise sends the record there too and marks its study FAILED. Either way the method
 * returns normally, so the record is acknowledged and the next one is read.
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

    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final String service;

    Inbox(EventPublisher publisher, MeterRegistry registry,
          @ConfigProperty(name = "quarkus.application.name") String service) {
        this.publisher = publisher;
        this.registry = registry;
        this.service = service;
        // Every counter exists at 0 from the start: Prometheus' increase() and rate() miss the first
        // dead letter of a series that is born at 1.
        for (String topic : incomingTopics(ConfigProvider.getConfig())) {
            for (String outcome : OUTCOMES) {
                count(topic, outcome, 0);
            }
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

    public <T extends Event> void handle(ConsumerRecord<String, String> record, Class<T> type, Handler<T> handler) {
        T event;
        try {
            event = EventCodec.decode(record.value() == null ? "" : record.value(), type);
        } catch (EventCodec.BadEventException e) {
            deadLetter(record, e.getMessage(), "dead_letter");
            return;
        }
        long started = System.nanoTime();
        try {
            handler.handle(event);
            count(record, "handled");
        } catch (MisfitException | ObjectKeys.InvalidKeyException e) {
            deadLetter(record, "does not fit: " + e.getMessage(), "dead_letter"); // no study changes state for a stray record
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "%s failed on %s@%d:%d", service, record.topic(), record.partition(), record.offset());
            String studyId = event.studyId();
            if (studyId != null) {
                publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, studyId, StudyStatus.State.FAILED,
                        service, 0, 0, reason, null));
            }
            deadLetter(record, reason, "failed");
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

    private void deadLetter(ConsumerRecord<String, String> record, String reason, String outcome) {
        LOG.warnf("dead letter from %s@%d:%d: %s", record.topic(), record.partition(), record.offset(), reason);
        count(record, outcome);
        publisher.publish(Topics.DEAD_LETTERS, new DeadLetter(Event.SCHEMA, service, record.topic(), record.partition(),
                record.offset(), record.key(), record.value(), reason));
    }
}
