package org.modeconn.core.containers;

import org.junit.jupiter.api.AfterAll;
import org.modeconn.core.store.ObjectStore;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The backend contracts against the production servers' public images (Apache Kafka, MinIO) where a
 * container engine can pull them; skipped, with the reason, where there is no engine or no registry (as on
 * the build machines, where {@code LocalStackImageTest} in infra/deploy-check runs the same contracts
 * against the local stack's image built here).
 */
class ContainerBackendsTest extends BackendContracts {
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private static KafkaContainer kafka;
    private static MinIOContainer minio;

    @Override
    protected void startBackend() {
        if (kafka == null) {
            ContainerEngine.assumeObtainable(KAFKA_IMAGE);
            KafkaContainer started = new KafkaContainer(KAFKA_IMAGE);
            started.start();
            kafka = started;
        }
        if (minio == null) {
            ContainerEngine.assumeObtainable(MINIO_IMAGE);
            MinIOContainer started = new MinIOContainer(MINIO_IMAGE);
            started.start();
            minio = started;
        }
    }

    @AfterAll
    static void stop() {
        ContainerEngine.stop(minio, kafka);
    }

    @Override
    protected String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    protected ObjectStore.Config objectStore() {
        return new ObjectStore.Config(minio.getS3URL(), minio.getUserName(), minio.getPassword(), "modeconn", null);
    }
}
