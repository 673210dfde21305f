package org.modeconn.service;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The channels' Kafka settings, security included, reach every client a service creates. */
class KafkaClientsTest {
    @Test
    void securitySettingsReachEveryClientAndTheChannelsGroupDoesNot() {
        Map<String, Object> channels = Map.of(
                "bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
                "ssl.truststore.location", "/etc/kafka/ca.p12",
                "group.id", "modeconn-trainer-service");
        KafkaClients kafka = new KafkaClients(channels);
        Map<String, Object> producer = kafka.config(Map.of("acks", "all", "client.id", "modeconn-trainer-service"));
        for (String key : new String[]{"bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location"}) {
            assertEquals(channels.get(key), producer.get(key), key);
        }
        assertEquals("all", producer.get("acks"));
        assertFalse(producer.containsKey("group.id"), "a producer or an admin client has no consumer group");
        assertEquals("kafka:9093", kafka.bootstrapServers());
        assertEquals("PLAINTEXT", kafka.config(Map.of("security.protocol", "PLAINTEXT")).get("security.protocol"),
                "a client's own setting wins");
    }
}
