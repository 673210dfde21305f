package org.modeconn.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * Connection and security settings are the channels' own ({@link KafkaClients}).
 */
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, String> producer;

    EventPublisher(KafkaClients kafka, @ConfigProperty(name = "quarkus.application.name") String client) {
        producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, client,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000)),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends the event to the topic under its key and waits until the broker has it. */
    public void publish(String topic, Event event) {
        send(topic, event.key(), EventCodec.encode(event));
    }

    void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
