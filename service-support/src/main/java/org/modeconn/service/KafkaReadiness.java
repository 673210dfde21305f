package org.modeconn.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ready only while the broker answers: the messaging layer's own check stays UP when the broker is
 * gone (seen with SmallRye Kafka 4.33), so this asks the cluster directly, with the channels'
 * connection and security settings ({@link KafkaClients}).
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    private final Admin admin;
    private final String bootstrap;

    KafkaReadiness(KafkaClients kafka) {
        this.bootstrap = kafka.bootstrapServers();
        this.admin = Admin.create(kafka.config(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000)));
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(4, TimeUnit.SECONDS).size();
            return HealthCheckResponse.named("kafka").up().withData("bootstrap", bootstrap).withData("brokers", nodes).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("bootstrap", bootstrap)
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
