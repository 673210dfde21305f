package org.modeconn.reporter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.modeconn.core.events.StudyStatus;

/**
 * Prometheus gauges for Grafana: studies per state ({@code modeconn_studies{state=...}}) and the
 * evaluations done and expected over all studies ({@code modeconn_evaluations_done/total}).
 */
@Startup
@ApplicationScoped
public class StudyGauges {
    StudyGauges(MeterRegistry registry, StudyBook book) {
        for (StudyStatus.State s : StudyStatus.State.values()) {
            Gauge.builder("modeconn.studies", book, b -> b.count(s)).tag("state", s.name().toLowerCase()).register(registry);
        }
        Gauge.builder("modeconn.evaluations.done", book, b -> b.all().stream()
                .filter(e -> e.progress() != null).mapToLong(e -> e.progress().evaluation().done()).sum()).register(registry);
        Gauge.builder("modeconn.evaluations.total", book, b -> b.all().stream()
                .filter(e -> e.progress() != null).mapToLong(e -> e.progress().evaluation().total()).sum()).register(registry);
    }
}
