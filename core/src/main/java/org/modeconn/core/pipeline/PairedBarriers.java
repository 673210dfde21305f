package org.modeconn.core.pipeline;

import org.modeconn.core.metrics.Replicates;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two sweep comparisons whose paths join the same endpoints, replicate by replicate, scored on one dataset: a line
 * and a fitted Bezier curve between the same two adapter endpoints, say ({@code examples/rq1-adapter-init.yaml}), where
 * the question is whether the curve lowers the line's barrier. For each barrier definition
 * ({@link ComparisonBarriers#DEFINITIONS}) the difference {@code second − first} in every replicate, and their mean
 * with a 95% <em>paired</em> Student's t interval: mean ± t_{0.975, n−1}·s_d/√n over the n differences d
 * ({@link Replicates}). Pairing removes what both paths of a replicate share (the endpoints, and so most of the
 * seed-to-seed spread), which is why it can separate two kinds of path where the two comparisons' own intervals
 * overlap.
 *
 * <p>Units are those of the barrier definitions: error barriers are fractions of the dataset's examples (0.01 = one
 * percentage point), loss barriers are mean cross-entropy in nats.
 *
 * @param first       the comparison subtracted: of the sweep that comes first in the spec
 * @param second      the comparison subtracted from
 * @param differences by definition, the summary of the differences
 * @param values      by definition, the differences in replicate order
 */
public record PairedBarriers(ComparisonBarriers first, ComparisonBarriers second, Map<String, Replicates> differences,
                             Map<String, double[]> values) {

    /** What the interval of one definition's differences says about the second path against the first. */
    public enum Effect {
        /** the interval lies below 0: the second path's barrier is lower */
        LOWER,
        /** the interval lies above 0: the second path's barrier is higher */
        HIGHER,
        /** 0 lies inside the interval (or on its edge) */
        NOT_SEPARABLE,
        /** one replicate: a difference, no interval */
        ONE_PAIR
    }

    /**
     * The effect by one definition's interval (see {@link Effect}).
     *
     * @param definition one of {@link ComparisonBarriers#DEFINITIONS}, e.g. {@code "error linear"}
     * @return {@link Effect#ONE_PAIR} for one replicate, else where the 95% interval lies against 0
     * @throws NullPointerException for a name that is not a barrier definition
     */
    public Effect effect(String definition) {
        Replicates d = differences.get(definition);
        if (d.n() == 1) {
            return Effect.ONE_PAIR;
        }
        if (d.high() < 0) {
            return Effect.LOWER;
        }
        return d.low() > 0 ? Effect.HIGHER : Effect.NOT_SEPARABLE;
    }

    /**
     * Every pair of comparisons, on the same dataset and from different sweeps, whose paths join the same endpoints
     * (the same endpoint ids, in the same direction) replicate by replicate and are not the same paths. The earlier
     * comparison in {@code comparisons} is {@code first}.
     *
     * <p>Only the replicates reported so far count ({@link ComparisonBarriers#of} keeps those): a pair appears once
     * both comparisons hold the same replicates, and is left out while one has fewer reports than the other or
     * different ones (a line reported for replicates 1 and 2, its curve for 1 and 3). A path from endpoint j to i is
     * never paired with one from i to j.
     *
     * @param plan        the study plan the comparisons come from
     * @param comparisons the study's comparisons ({@link ComparisonBarriers#of})
     * @return the pairs, in the order of {@code comparisons}; empty where none qualifies
     * @throws java.util.NoSuchElementException where a comparison names a path that is not in {@code plan}
     */
    public static List<PairedBarriers> of(StudyPlan plan, List<ComparisonBarriers> comparisons) {
        List<PairedBarriers> out = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            for (int j = i + 1; j < comparisons.size(); j++) {
                ComparisonBarriers a = comparisons.get(i);
                ComparisonBarriers b = comparisons.get(j);
                if (a.dataset().equals(b.dataset()) && !a.comparison().sweep().equals(b.comparison().sweep())
                        && sameEndpoints(plan, a.paths(), b.paths())) {
                    Map<String, double[]> values = new LinkedHashMap<>();
                    Map<String, Replicates> differences = new LinkedHashMap<>();
                    for (String definition : ComparisonBarriers.DEFINITIONS) {
                        double[] x = a.values().get(definition);
                        double[] y = b.values().get(definition);
                        double[] d = new double[x.length];
                        for (int k = 0; k < d.length; k++) {
                            d[k] = y[k] - x[k];
                        }
                        values.put(definition, d);
                        differences.put(definition, Replicates.of(d));
                    }
                    out.add(new PairedBarriers(a, b, differences, values));
                }
            }
        }
        return out;
    }

    private static boolean sameEndpoints(StudyPlan plan, List<String> a, List<String> b) {
        if (a.isEmpty() || a.size() != b.size()) {
            return false;
        }
        for (int k = 0; k < a.size(); k++) {
            StudyPlan.Path p = plan.pathNamed(a.get(k)).orElseThrow();
            StudyPlan.Path q = plan.pathNamed(b.get(k)).orElseThrow();
            if (p.id().equals(q.id()) || !p.fromId().equals(q.fromId()) || !p.toId().equals(q.toId())) {
                return false;
            }
        }
        return true;
    }
}
