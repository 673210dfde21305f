package org.modeconn.core.pipeline;

import org.modeconn.core.events.PathReport;
import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.HalfWay;
import org.modeconn.core.metrics.Replicates;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The barriers of one sweep comparison on one dataset over its replicates ({@link StudyPlan.Comparison}): for each
 * barrier definition, the value of every replicate and their mean with a 95% interval ({@link Replicates}), and a
 * verdict that takes the interval into account; and where the error is half-way between its endpoint values
 * ({@link HalfWay}, defined where the endpoints differ by more than ε), which on a path between two tasks says where
 * one task's skill gives way to the other's.
 *
 * @param comparison the comparison
 * @param dataset    the evaluation target, e.g. {@code sst2/dev}
 * @param paths      the names of the replicates' paths that are reported on this dataset, in replicate order
 * @param barriers   by definition ({@link #DEFINITIONS}), the summary over those paths
 * @param values     by definition, the replicates' values in the order of {@code paths}
 * @param rule       the study's rule: its barrier of the error decides the verdict
 * @param epsilon    the study's threshold ε
 * @param halfWay    [paths] the t at which each replicate's error is half-way ({@link HalfWay#t()}; NaN where undefined)
 * @param halfWayOverReplicates {@code halfWay} summarised over the replicates where it is defined; null where it is
 *                              defined for none
 */
public record ComparisonBarriers(StudyPlan.Comparison comparison, String dataset, List<String> paths,
                                 Map<String, Replicates> barriers, Map<String, double[]> values, BarrierRule rule,
                                 double epsilon, double[] halfWay, Replicates halfWayOverReplicates) {

    /** The definitions summarised, in report order: the rule's error barrier first, then all three of the error, then the loss's. */
    public static final List<String> DEFINITIONS = List.of("error rule", "error max − mean", "error linear",
            "error above worse", "loss max − mean", "loss linear", "loss above worse");

    /**
     * The verdict over replicates, by the rule's error barrier: {@code CONNECTED} when the interval's upper end is at
     * most ε, {@code BARRIER} when its lower end is above ε, {@code UNDECIDED} when ε lies inside the interval. With
     * one replicate there is no interval and the verdict is the plain one (the value against ε).
     */
    public enum Verdict {
        CONNECTED, BARRIER, UNDECIDED
    }

    /** The verdict over replicates (see {@link Verdict}). */
    public Verdict verdict() {
        Replicates r = barriers.get("error rule");
        if (r.high() <= epsilon) {
            return Verdict.CONNECTED;
        }
        return r.low() > epsilon ? Verdict.BARRIER : Verdict.UNDECIDED;
    }

    /**
     * Every comparison of the plan on every dataset it is scored on, over the replicates whose report for that
     * dataset is in {@code reports} (a comparison with none yet is left out).
     */
    public static List<ComparisonBarriers> of(StudyPlan plan, List<PathReport> reports) {
        BarrierRule rule = plan.spec().barrierRuleOrDefault();
        double epsilon = plan.spec().epsilonOrDefault();
        List<ComparisonBarriers> out = new ArrayList<>();
        for (StudyPlan.Comparison c : plan.comparisons()) {
            StudyPlan.Path first = plan.pathNamed(c.paths().get(0)).orElseThrow();
            for (var target : first.eval()) {
                String dataset = target.toString();
                List<String> present = new ArrayList<>();
                List<PathReport> found = new ArrayList<>();
                for (String name : c.paths()) {
                    String id = plan.pathNamed(name).orElseThrow().id();
                    reports.stream().filter(r -> r.pathId().equals(id) && r.dataset().equals(dataset)).findFirst()
                            .ifPresent(r -> {
                                present.add(name);
                                found.add(r);
                            });
                }
                if (found.isEmpty()) {
                    continue;
                }
                Map<String, double[]> values = new LinkedHashMap<>();
                values.put("error rule", each(found, r -> rule.of(r.errorMetrics())));
                values.put("error max − mean", each(found, r -> r.errorMetrics().barrier()));
                values.put("error linear", each(found, r -> r.errorMetrics().linearBarrierClipped()));
                values.put("error above worse", each(found, r -> r.errorMetrics().aboveWorseEndpoint()));
                values.put("loss max − mean", each(found, r -> r.lossMetrics().barrier()));
                values.put("loss linear", each(found, r -> r.lossMetrics().linearBarrierClipped()));
                values.put("loss above worse", each(found, r -> r.lossMetrics().aboveWorseEndpoint()));
                Map<String, Replicates> barriers = new LinkedHashMap<>();
                values.forEach((definition, v) -> barriers.put(definition, Replicates.of(v)));
                double[] halfWay = each(found, r -> halfWay(r, epsilon).t());
                double[] defined = Arrays.stream(halfWay).filter(Double::isFinite).toArray();
                out.add(new ComparisonBarriers(c, dataset, List.copyOf(present), barriers, values, rule, epsilon, halfWay,
                        defined.length == 0 ? null : Replicates.of(defined)));
            }
        }
        return out;
    }

    /** Where {@code report}'s error is half-way between its endpoint values, defined where they differ by more than ε. */
    public static HalfWay halfWay(PathReport report, double epsilon) {
        return HalfWay.of(report.t().stream().mapToDouble(Double::doubleValue).toArray(),
                report.error().stream().mapToDouble(Double::doubleValue).toArray(), epsilon);
    }

    private static double[] each(List<PathReport> reports, ToDoubleFunction<PathReport> barrier) {
        return reports.stream().mapToDouble(barrier).toArray();
    }
}
