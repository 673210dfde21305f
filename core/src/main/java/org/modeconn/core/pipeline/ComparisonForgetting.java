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
 * each replicate forgets, and its rank correlations of the point where an example is first wrong with the start
 * endpoint's confidence and variability, each as a mean with a 95% interval over the replicates ({@link Replicates}).
 * The correlations of one path are over its sentences; the interval here is over seed pairs, which is what says
 * whether the order of forgetting holds beyond one start endpoint.
 *
 * @param comparison      the comparison
 * @param dataset         the split the forgetting is counted on, e.g. {@code sst2/train}
 * @param paths           the names of the replicates' paths with a forgetting table on it, in replicate order
 * @param forgotten       [paths] the number of examples each forgets (right at its start, wrong at some point)
 * @param rhoConfidence   [paths] each path's Spearman's ρ of the point first wrong with confidence (NaN where undefined)
 * @param rhoVariability  [paths] the same with variability
 * @param withConfidence  Spearman's ρ with confidence over the replicates where it is defined; null where it is
 *                        defined for none
 * @param withVariability the same with variability
 */
public record ComparisonForgetting(StudyPlan.Comparison comparison, String dataset, List<String> paths, int[] forgotten,
                                   double[] rhoConfidence, double[] rhoVariability, Replicates withConfidence,
                                   Replicates withVariability) {

    /**
     * Every comparison of the plan with a forgetting table for at least one of its paths, per dataset.
     *
     * @param forgetting by path name, by dataset ({@code sst2/train}), that path's forgetting there
     */
    public static List<ComparisonForgetting> of(StudyPlan plan, Map<String, Map<String, Forgetting>> forgetting) {
        List<ComparisonForgetting> out = new ArrayList<>();
        for (StudyPlan.Comparison c : plan.comparisons()) {
            List<String> datasets = c.paths().stream().filter(forgetting::containsKey)
                    .flatMap(p -> forgetting.get(p).keySet().stream()).distinct().toList();
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

    /** The mean number of examples forgotten over the replicates. */
    public double meanForgotten() {
        double sum = 0;
        for (int f : forgotten) {
            sum += f;
        }
        return sum / forgotten.length;
    }

    private static Replicates summary(double[] rho) {
        double[] defined = Arrays.stream(rho).filter(Double::isFinite).toArray();
        return defined.length == 0 ? null : Replicates.of(defined);
    }
}
