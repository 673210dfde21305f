package org.modeconn.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What every service reads from its configuration under {@code modeconn.} (or the environment:
 * {@code MODECONN_S3_ENDPOINT} for {@code modeconn.s3.endpoint}, and so on), checked at start-up: a service
 * with a missing or mistyped value does not start, and says which. Service-specific settings have their
 * own mappings ({@code modeconn.evaluator.*}, {@code modeconn.reporter.*}). See docs/deploy.md.
 */
@ConfigMapping(prefix = "modeconn")
public interface ModeconnConfig {

    /** The S3-compatible object store every service shares. */
    S3 s3();

    /** Where local copies of datasets, models and blobs live; default: under the JVM's temporary directory. */
    Optional<Path> cacheDir();

    /** How a study is accepted. */
    Accept accept();

    /**
     * The process that started this service, when it is a child of {@code modeconn run} or {@code modeconn stack}
     * (set by them): the service stops itself when that process is gone, so a CLI that dies without its shutdown
     * hook (SIGKILL, a halted JVM) leaves no service behind. Unset on Kubernetes.
     */
    Optional<Long> parentPid();

    /** The object store: endpoint and credentials have no defaults (a service without them does not start). */
    interface S3 {
        /** e.g. {@code http://minio:9000}. */
        String endpoint();

        String accessKey();

        String secretKey();

        @WithDefault("modeconn")
        String bucket();

        @WithDefault("us-east-1")
        String region();
    }

    /** Acceptance of a study. */
    interface Accept {
        /**
         * Whether accepting a study reads its inputs (every split, every base model); the trainer and the
         * reporter do, the interpolator, which reads neither, does not.
         */
        @WithDefault("true")
        boolean checkInputs();
    }
}
