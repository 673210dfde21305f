package org.modeconn.service;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The object store every service uses, from configuration ({@code modeconn.s3.*}, or the environment:
 * {@code MODECONN_S3_ENDPOINT}, {@code MODECONN_S3_ACCESS_KEY}, {@code MODECONN_S3_SECRET_KEY},
 * {@code MODECONN_S3_BUCKET}). Credentials never have defaults: a service without them does not start.
 */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    @DefaultBean
    ObjectStore objectStore(@ConfigProperty(name = "modeconn.s3.endpoint") String endpoint,
                            @ConfigProperty(name = "modeconn.s3.access-key") String accessKey,
                            @ConfigProperty(name = "modeconn.s3.secret-key") String secretKey,
                            @ConfigProperty(name = "modeconn.s3.bucket", defaultValue = "modeconn") String bucket,
                            @ConfigProperty(name = "modeconn.s3.region", defaultValue = "us-east-1") String region) {
        try {
            return ObjectStore.connect(new ObjectStore.Config(endpoint, accessKey, secretKey, bucket, region));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the object store at " + endpoint, e);
        }
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
