package org.modeconn.service;

import io.opentelemetry.api.trace.Span;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events and waits for the broker's acknowledgement. Handlers call it before they return,
 * so the input record's offset is committed only after the output is safely in Kafka (at least once).
 * Connection and security settings are the channels' own ({@link KafkaClients}). Each record is sent
 * under a PRODUCER span that is a child of the record being handled, and carries that span's context
 * in its headers ({@link Tracing}), so the records a handler publishes continue its trace.
 */
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, String> producer;
    private final Tracing tracing;

    EventPublisher(KafkaClients kafka, Tracing tracing, @ConfigProperty(name = "quarkus.application.name") String client) {
        this.tracing = tracing;
        producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, client,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000)),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends the event to the topic under its key, with the trace context in its headers, and waits
     * (up to 90 s) until the broker has it.
     *
     * @throws IllegalStateException if the broker did not acknowledge it, or the thread was interrupted
     */
    public void publish(String topic, Event event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), EventCodec.encode(event));
        Span span = tracing.startSend(topic, event);
        try {
            tracing.inject(span, record.headers());
            RecordMetadata sent = producer.send(record).get(90, TimeUnit.SECONDS);
            Tracing.sent(span, sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Tracing.failed(span, "interrupted", e);
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Tracing.failed(span, "not acknowledged", e);
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getMessage(), e);
        } finally {
            span.end();
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
