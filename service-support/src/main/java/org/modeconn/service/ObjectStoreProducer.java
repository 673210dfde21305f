package org.modeconn.service;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The object store every service uses, from configuration ({@link ModeconnConfig.S3}: {@code modeconn.s3.*}, or the environment:
 * {@code MODECONN_S3_ENDPOINT}, {@code MODECONN_S3_ACCESS_KEY}, {@code MODECONN_S3_SECRET_KEY},
 * {@code MODECONN_S3_BUCKET}). Credentials never have defaults: a service without them does not start.
 */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    @DefaultBean
    ObjectStore objectStore(ModeconnConfig config) {
        ModeconnConfig.S3 s3 = config.s3();
        try {
            return ObjectStore.connect(new ObjectStore.Config(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(),
                    s3.region()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the object store at " + s3.endpoint(), e);
        }
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
