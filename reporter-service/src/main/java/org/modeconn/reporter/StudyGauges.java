package org.modeconn.reporter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.pipeline.StudyMeasures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prometheus gauges for Grafana's study view and fleet overview: studies per state
 * ({@code modeconn_studies{state}}), and per study the samples of {@link StudyMeasures} (state, work per
 * stage, values along t, barriers, verdicts, endpoint accuracies), refreshed every few seconds from the
 * {@link Tracker}'s state. The unfinished studies and the {@code modeconn.reporter.metrics.finished-studies}
 * most recently updated finished ones are exported; see docs/observability.md.
 */
@Startup
@ApplicationScoped
public class StudyGauges {
    private final Tracker tracker;
    private final int finishedStudies;
    private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();

    StudyGauges(MeterRegistry registry, StudyBook book, Tracker tracker, ReporterConfig config) {
        this.tracker = tracker;
        this.finishedStudies = config.metrics().finishedStudies();
        for (StudyStatus.State s : StudyStatus.State.values()) {
            Gauge.builder("modeconn.studies", book, b -> b.count(s)).tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("Studies the reporter knows, by state").register(registry);
        }
        for (String name : StudyMeasures.NAMES) {
            gauges.put(name, MultiGauge.builder(name).register(registry));
        }
    }

    /** Replaces every study gauge's rows with the tracker's current samples (rows of dropped studies disappear). */
    @Scheduled(every = "${modeconn.reporter.metrics.refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP) // ReporterConfig.Metrics#refresh
    void refresh() {
        Map<String, List<StudyMeasures.Sample>> byName = tracker.measures(finishedStudies).stream()
                .collect(Collectors.groupingBy(StudyMeasures.Sample::name));
        gauges.forEach((name, gauge) -> gauge.register(byName.getOrDefault(name, List.of()).stream()
                .map(s -> MultiGauge.Row.of(Tags.of(s.labels().entrySet().stream()
                        .map(l -> io.micrometer.core.instrument.Tag.of(l.getKey(), l.getValue())).toList()), s.value()))
                .map(r -> (MultiGauge.Row<?>) r).toList(), true));
    }
}
