package org.modeconn.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Which examples a path forgets first, related to how the start endpoint learned them (RQ3 of Qin et al. 2022,
 * instance level; docs/findings.md). Along a path from endpoint A, an example that A classifies right is
 * <i>forgotten at t</i> when the point at t is the first one, walking from A, that classifies it wrong. Each
 * group of examples is described by the means of A's {@link DataMap} over it: if hard-to-learn examples (low
 * confidence, high variability during A's training) go first, the early groups' confidence is low.
 *
 * @param groups one row per grid point t &gt; 0 (the examples first forgotten there), then {@link Group#KEPT}
 *               (right at every point) and {@link Group#WRONG_AT_START} (A already gets them wrong)
 * @param rightAtStart the number of examples A classifies right
 * @param withConfidence  over the forgotten examples (right at A, wrong at some point), Spearman's rank
 *                        correlation of the t where each is first wrong with its confidence: positive when the
 *                        least confident go first
 * @param withVariability the same with its variability: negative when the most variable go first
 */
public record Forgetting(List<Group> groups, int rightAtStart, RankCorrelation withConfidence,
                         RankCorrelation withVariability) {

    /**
     * A group of examples and the means of the start endpoint's data map over them (NaN when empty).
     *
     * @param label           "t = 0.3", {@link #KEPT} or {@link #WRONG_AT_START}
     * @param t               the grid point, or NaN for the last two groups
     * @param count           examples in the group
     * @param meanConfidence  their mean confidence during A's training
     * @param meanVariability their mean variability
     * @param meanCorrectness their mean correctness
     */
    public record Group(String label, double t, int count, double meanConfidence, double meanVariability,
                        double meanCorrectness) {
        public static final String KEPT = "kept along the path";
        public static final String WRONG_AT_START = "wrong at the start";
    }

    /**
     * Groups the examples.
     *
     * @param t       [T] the grid, rising, t[0] the start endpoint
     * @param correct [T][n]: at grid point j, whether example i is classified right
     * @param start   the start endpoint's data map on the same n examples, in the same order
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static Forgetting of(double[] t, boolean[][] correct, DataMap start) {
        if (t.length < 2 || correct.length != t.length) {
            throw new IllegalArgumentException("need ≥ 2 grid points with correctness for each, got " + t.length + " and "
                    + correct.length);
        }
        int n = start.size();
        for (boolean[] c : correct) {
            if (c.length != n) {
                throw new IllegalArgumentException("a point has " + c.length + " examples, the data map " + n);
            }
        }
        List<List<Integer>> forgottenAt = new ArrayList<>();
        for (int j = 0; j < t.length; j++) {
            forgottenAt.add(new ArrayList<>());
        }
        List<Integer> kept = new ArrayList<>();
        List<Integer> wrong = new ArrayList<>();
        List<double[]> forgotten = new ArrayList<>();   // {t first wrong, confidence, variability}
        for (int i = 0; i < n; i++) {
            if (!correct[0][i]) {
                wrong.add(i);
                continue;
            }
            int first = -1;
            for (int j = 1; j < t.length && first < 0; j++) {
                if (!correct[j][i]) {
                    first = j;
                }
            }
            (first < 0 ? kept : forgottenAt.get(first)).add(i);
            if (first > 0) {
                forgotten.add(new double[]{t[first], start.confidence()[i], start.variability()[i]});
            }
        }
        List<Group> groups = new ArrayList<>();
        for (int j = 1; j < t.length; j++) {
            groups.add(group("t = " + t[j], t[j], forgottenAt.get(j), start));
        }
        groups.add(group(Group.KEPT, Double.NaN, kept, start));
        groups.add(group(Group.WRONG_AT_START, Double.NaN, wrong, start));
        return new Forgetting(List.copyOf(groups), n - wrong.size(), correlation(forgotten, 1), correlation(forgotten, 2));
    }

    /** The number of examples forgotten: right at the start endpoint, wrong at some point of the path. */
    public int forgotten() {
        return groups.stream().filter(g -> !Double.isNaN(g.t())).mapToInt(Group::count).sum();
    }

    private static RankCorrelation correlation(List<double[]> forgotten, int column) {
        double[] when = forgotten.stream().mapToDouble(f -> f[0]).toArray();
        double[] what = forgotten.stream().mapToDouble(f -> f[column]).toArray();
        return RankCorrelation.of(when, what);
    }

    private static Group group(String label, double t, List<Integer> members, DataMap map) {
        double c = 0;
        double v = 0;
        double r = 0;
        for (int i : members) {
            c += map.confidence()[i];
            v += map.variability()[i];
            r += map.correctness()[i];
        }
        int k = members.size();
        return new Group(label, t, k, k == 0 ? Double.NaN : c / k, k == 0 ? Double.NaN : v / k, k == 0 ? Double.NaN : r / k);
    }
}
