package org.modeconn.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.modeconn.core.store.ObjectStore;

/** Ready only while the object store answers a signed request for the service's bucket. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {
    private final ObjectStore store;

    ObjectStoreReadiness(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            store.list("studies/.health-probe/");
            return HealthCheckResponse.named("object-store").up().withData("bucket", store.bucket()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("object-store").down().withData("bucket", store.bucket())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
