package org.modeconn.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource: points a {@code @QuarkusTest} application at the shared local stack through
 * the same configuration keys that the services read in production.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack.Endpoints e = SharedLocalStack.get(List.of()).endpoints();
        return Map.of(
                "kafka.bootstrap.servers", e.kafkaBootstrapServers(),
                "modeconn.s3.endpoint", e.s3Endpoint(),
                "modeconn.s3.access-key", e.s3AccessKey(),
                "modeconn.s3.secret-key", e.s3SecretKey(),
                "modeconn.s3.bucket", e.bucket());
    }

    @Override
    public void stop() {
        // The stack is shared by every test of this JVM and stops with it.
    }
}
