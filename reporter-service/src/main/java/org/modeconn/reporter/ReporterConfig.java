package org.modeconn.reporter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The reporter's settings ({@code modeconn.reporter.*}). */
@ConfigMapping(prefix = "modeconn.reporter")
public interface ReporterConfig {

    /**
     * The consumer group of every reporter channel: unique per process (each reporter reads every topic
     * from the start to rebuild its state), {@code modeconn-reporter-<uuid>} by default.
     */
    String group();

    /** The study gauges (docs/observability.md). */
    Metrics metrics();

    interface Metrics {
        /** How many finished studies, the most recently updated, keep their per-study series. */
        @WithDefault("20")
        int finishedStudies();

        /** How often the per-study gauges are refreshed from the reporter's state. */
        @WithDefault("5s")
        Duration refresh();
    }
}
