package org.modeconn.core.events;

import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.Connectivity;
import org.modeconn.core.metrics.ParameterDistance;
import org.modeconn.core.metrics.Verdict;

import java.util.List;

/**
 * The connectivity of one path on one dataset: loss and error series and their metrics, and the verdict
 * with the rule and threshold that gave it (the error barrier {@code rule} names is at most {@code epsilon}).
 */
public record PathReport(int schema, String studyId, String pathId, String dataset, List<Double> t,
                         List<Double> loss, List<Double> error, Connectivity lossMetrics, Connectivity errorMetrics,
                         Verdict verdict, ParameterDistance distance, BarrierRule rule, Double epsilon) implements Event {
    public PathReport {
        Required.field(studyId, "studyId");
        Required.field(pathId, "pathId");
        Required.field(dataset, "dataset");
        Required.field(t, "t");
        Required.field(loss, "loss");
        Required.field(error, "error");
    }

    @Override
    public String key() {
        return studyId;
    }
}
