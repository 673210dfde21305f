package org.modeconn.core.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.utility.DockerImageName;

import java.util.concurrent.TimeUnit;

/**
 * The container engine Testcontainers talks to (Docker, or podman's Docker-compatible API named by
 * {@code DOCKER_HOST}), and the assumptions that skip a container test, with the reason, where it cannot run.
 */
public final class ContainerEngine {

    private ContainerEngine() {
    }

    /**
     * Skips the test unless Testcontainers reaches a Docker-compatible API.
     *
     * @throws IllegalStateException if it reaches one but cannot start its resource reaper (Ryuk), whose image
     *                               is pulled from a registry
     */
    public static void assumeAvailable() {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Testcontainers reached DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                    + " but could not set up (without a registry, set TESTCONTAINERS_RYUK_DISABLED=true): " + e.getMessage(), e);
        }
        Assumptions.assumeTrue(available, "no Docker-compatible API (DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                + "); .ci/run starts `podman system service` and exports DOCKER_HOST and TESTCONTAINERS_RYUK_DISABLED=true");
    }

    /** Skips the test unless {@code image} is in the engine's store; never pulls. */
    public static void assumePresent(String image, String hint) {
        assumeAvailable();
        Assumptions.assumeTrue(present(image), image + " is not in the image store of the engine at DOCKER_HOST="
                + System.getenv("DOCKER_HOST") + " (" + hint + ")");
    }

    /** Skips the test unless {@code image} is in the engine's store or can be pulled now (one attempt). */
    public static void assumeObtainable(String image) {
        assumeAvailable();
        if (present(image)) {
            return;
        }
        DockerImageName name = DockerImageName.parse(image);
        // The engine's own error items (podman: "pinging container registry ...: no such host"); docker-java's
        // PullImageResultCallback fails on podman's error items with a NullPointerException instead.
        StringBuilder errors = new StringBuilder();
        try {
            DockerClientFactory.lazyClient().pullImageCmd(name.getRepository()).withTag(name.getVersionPart())
                    .exec(new ResultCallback.Adapter<PullResponseItem>() {
                        @Override
                        public void onNext(PullResponseItem item) {
                            if (item.getErrorDetail() != null) {
                                errors.append(item.getErrorDetail().getMessage());
                            } else if (item.getError() != null) {
                                errors.append(item.getError());
                            }
                        }
                    }).awaitCompletion(10, TimeUnit.MINUTES);
        } catch (RuntimeException e) {
            errors.append(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.append("interrupted");
        }
        Assumptions.assumeTrue(present(image), image + " cannot be pulled here: "
                + (errors.isEmpty() ? "not pulled within 10 minutes" : errors));
    }

    /** Stops the containers that were started (null ones were not: their test was skipped). */
    public static void stop(Startable... containers) {
        for (Startable c : containers) {
            if (c != null) {
                c.stop();
            }
        }
    }

    private static boolean present(String image) {
        DockerClient client = DockerClientFactory.lazyClient();
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException absent) {
            return false;
        }
    }
}
