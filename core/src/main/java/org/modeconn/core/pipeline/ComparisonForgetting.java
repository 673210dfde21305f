package org.modeconn.core.pipeline;

import org.modeconn.core.metrics.Forgetting;
import org.modeconn.core.metrics.Replicates;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Which examples the paths of one sweep comparison forget first ({@link Forgetting}), over its replicates: how many
 * each replicate forgets (listed, not summarised), and, for each of the two rank correlations of the point where an
 * example is first wrong with the start endpoint's confidence and with its variability, the mean over the replicates
 * with a 95% interval ({@link Replicates}). The correlations of one path are over its examples; the interval here is
 * over seed pairs, which is what says whether the order of forgetting holds beyond one seed pair.
 *
 * @param comparison      the comparison
 * @param dataset         the split the forgetting is counted on, e.g. {@code sst2/train}
 * @param paths           the names of the replicates' paths with a forgetting table on it, in replicate order
 * @param forgotten       [paths] the number of examples each forgets (right at its start, wrong at some point)
 * @param rhoConfidence   [paths] each path's Spearman's ρ of the point first wrong with confidence (NaN where undefined)
 * @param rhoVariability  [paths] the same with variability
 * @param confidenceOverReplicates  Spearman's ρ with confidence summarised over the replicates where it is
 *                                  defined; null where it is defined for none
 * @param variabilityOverReplicates the same with variability
 */
public record ComparisonForgetting(StudyPlan.Comparison comparison, String dataset, List<String> paths, int[] forgotten,
                                   double[] rhoConfidence, double[] rhoVariability,
                                   Replicates confidenceOverReplicates, Replicates variabilityOverReplicates) {

    /**
     * Every comparison of the plan with a forgetting table for at least one of its paths, per dataset, in the order
     * of the paths' evaluation targets; names that are no path of a comparison are ignored.
     *
     * @param forgetting by path name, by dataset ({@code sst2/train}), that path's forgetting there
     */
    public static List<ComparisonForgetting> of(StudyPlan plan, Map<String, Map<String, Forgetting>> forgetting) {
        List<ComparisonForgetting> out = new ArrayList<>();
        for (StudyPlan.Comparison c : plan.comparisons()) {
            List<String> datasets = c.paths().stream()
                    .flatMap(p -> plan.pathNamed(p).orElseThrow().eval().stream().map(Object::toString)).distinct()
                    .filter(d -> c.paths().stream().anyMatch(p -> forgetting.getOrDefault(p, Map.of()).containsKey(d)))
                    .toList();
            for (String dataset : datasets) {
                List<String> paths = c.paths().stream()
                        .filter(p -> forgetting.containsKey(p) && forgetting.get(p).containsKey(dataset)).toList();
                List<Forgetting> each = paths.stream().map(p -> forgetting.get(p).get(dataset)).toList();
                int[] forgotten = each.stream().mapToInt(Forgetting::forgotten).toArray();
                double[] confidence = each.stream().mapToDouble(f -> f.withConfidence().rho()).toArray();
                double[] variability = each.stream().mapToDouble(f -> f.withVariability().rho()).toArray();
                out.add(new ComparisonForgetting(c, dataset, paths, forgotten, confidence, variability, summary(confidence),
                        summary(variability)));
            }
        }
        return out;
    }

    private static Replicates summary(double[] rho) {
        double[] defined = Arrays.stream(rho).filter(Double::isFinite).toArray();
        return defined.length == 0 ? null : Replicates.of(defined);
    }
}
