package org.modeconn.service;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Stops the service, the normal way (consumers closed, offsets committed), once the process named by
 * {@code modeconn.parent-pid} has ended ({@link ModeconnConfig#parentPid()}). {@link ProcessHandle#onExit()} polls a
 * process that is not this one's child, so the check costs one liveness probe now and then.
 */
@ApplicationScoped
public class ParentWatch {
    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    void onStart(@Observes StartupEvent event, ModeconnConfig config) {
        config.parentPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> stop(pid)),
                () -> stop(pid)));
    }

    private static void stop(long pid) {
        LOG.warnf("the process that started this service (pid %d) has ended: stopping", pid);
        Quarkus.asyncExit();
    }
}
