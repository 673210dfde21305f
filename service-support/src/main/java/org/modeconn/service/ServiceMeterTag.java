package org.modeconn.service;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every meter of a service carries {@code service="trainer"} (interpolator, evaluator, reporter), so
 * dashboards and alerts group by service the same way whatever scrapes them (the Prometheus Operator's
 * PodMonitor, the static configuration in infra/prometheus, a compose file).
 */
@Singleton
public class ServiceMeterTag {

    /** The service's short name: {@code modeconn-trainer-service} → {@code trainer}. */
    static String shortName(String applicationName) {
        return applicationName.replaceFirst("^modeconn-", "").replaceFirst("-service$", "");
    }

    @Produces
    @Singleton
    MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        return MeterFilter.commonTags(Tags.of("service", shortName(applicationName)));
    }
}
