package org.modeconn.service;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka settings that every Kafka client a service creates shares with its messaging channels:
 * Quarkus gathers every {@code kafka.*} property (from application.properties or the environment:
 * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, …) into the
 * {@code default-kafka-broker} map that the channels use. The publisher, the readiness check and the
 * reporter's history reader start from the same map, so SASL and TLS settings reach all of them (see
 * docs/deploy.md). The consumer group id Quarkus adds for the channels is left out.
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> shared;

    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> shared) {
        Map<String, Object> copy = new HashMap<>(shared);
        copy.remove("group.id");
        this.shared = Map.copyOf(copy);
    }

    /** The shared settings with this client's own on top (its own win). */
    public Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> merged = new HashMap<>(shared);
        merged.putAll(own);
        return merged;
    }

    /** Where the brokers are, for messages. */
    public String bootstrapServers() {
        return String.valueOf(shared.get("bootstrap.servers"));
    }
}
