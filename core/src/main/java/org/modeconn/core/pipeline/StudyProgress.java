package org.modeconn.core.pipeline;

import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.spec.StudyPlan;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What has happened to one study, from its events: which checkpoints, path points and evaluations
 * exist. Recording is idempotent (an event seen twice changes nothing) and events that do not belong
 * to the plan (an unknown path, an index off the grid) are refused, so counts never exceed totals.
 */
public final class StudyProgress {

    /** Work done of a stage, for progress bars. */
    public record Count(long done, long total) {
        public boolean finished() {
            return done >= total;
        }
    }

    /** One path on one dataset, ordered by t. */
    public record Series(double[] t, double[] loss, double[] error, double[] accuracy, double[] macroF1, int[] n) {
    }

    private final StudyPlan plan;
    private final Set<String> expectedCheckpoints;
    private final Set<String> checkpoints = new HashSet<>();
    private final Map<String, StudyPlan.Path> paths = new LinkedHashMap<>();
    private final Map<String, Set<Integer>> points = new LinkedHashMap<>();
    /** pathId → dataset → index → evaluation. */
    private final Map<String, Map<String, TreeMap<Integer, PointEvaluated>>> evaluations = new LinkedHashMap<>();

    public StudyProgress(StudyPlan plan) {
        this.plan = plan;
        this.expectedCheckpoints = Set.copyOf(TrainingJobs.checkpoints(plan));
        for (StudyPlan.Path p : plan.paths()) {
            paths.put(p.id(), p);
            points.put(p.id(), new HashSet<>());
            Map<String, TreeMap<Integer, PointEvaluated>> byDataset = new LinkedHashMap<>();
            p.eval().forEach(target -> byDataset.put(target.toString(), new TreeMap<>()));
            evaluations.put(p.id(), byDataset);
        }
    }

    public StudyPlan plan() {
        return plan;
    }

    /** @return true if the checkpoint is one of the study's and was not seen before */
    public boolean checkpoint(String checkpointId) {
        return expectedCheckpoints.contains(checkpointId) && checkpoints.add(checkpointId);
    }

    /** @return true if the point is on one of the study's grids and was not seen before */
    public boolean point(PathPointReady e) {
        return onGrid(e.pathId(), e.index(), e.t()) && points.get(e.pathId()).add(e.index());
    }

    /** @return true if the evaluation belongs to the study and was not seen before */
    public boolean evaluation(PointEvaluated e) {
        if (!onGrid(e.pathId(), e.index(), e.t())) {
            return false;
        }
        TreeMap<Integer, PointEvaluated> byIndex = evaluations.get(e.pathId()).get(e.dataset());
        return byIndex != null && byIndex.putIfAbsent(e.index(), e) == null;
    }

    /** Why an event does not fit the plan, or null if it does. */
    public String misfit(String pathId, int index, double t) {
        StudyPlan.Path p = paths.get(pathId);
        if (p == null) {
            return "no path " + pathId + " in study " + plan.studyId();
        }
        if (index < 0 || index >= p.grid().size()) {
            return "index " + index + " is off the grid of path " + p.name() + " (" + p.grid().size() + " points)";
        }
        if (Math.abs(p.grid().get(index) - t) > 1e-9) {
            return "point " + index + " of path " + p.name() + " is at t = " + p.grid().get(index) + ", not " + t;
        }
        return null;
    }

    private boolean onGrid(String pathId, int index, double t) {
        return misfit(pathId, index, t) == null;
    }

    public Count training() {
        return new Count(checkpoints.size(), expectedCheckpoints.size());
    }

    public Count interpolation() {
        long total = plan.paths().stream().mapToLong(p -> p.grid().size()).sum();
        return new Count(points.values().stream().mapToLong(Set::size).sum(), total);
    }

    public Count evaluation() {
        long total = plan.paths().stream().mapToLong(p -> (long) p.grid().size() * p.eval().size()).sum();
        long done = evaluations.values().stream().flatMap(m -> m.values().stream()).mapToLong(Map::size).sum();
        return new Count(done, total);
    }

    public boolean pathComplete(String pathId) {
        StudyPlan.Path p = paths.get(pathId);
        return evaluations.get(pathId).values().stream().allMatch(m -> m.size() == p.grid().size());
    }

    public boolean complete() {
        return evaluation().finished() && training().finished();
    }

    /** The evaluations of a path on a dataset, by index; complete only when {@link #pathComplete} says so. */
    public List<PointEvaluated> evaluations(String pathId, String dataset) {
        return List.copyOf(evaluations.get(pathId).get(dataset).values());
    }

    public Series series(String pathId, String dataset) {
        List<PointEvaluated> es = evaluations(pathId, dataset);
        int m = es.size();
        double[] t = new double[m];
        double[] loss = new double[m];
        double[] error = new double[m];
        double[] accuracy = new double[m];
        double[] f1 = new double[m];
        int[] n = new int[m];
        for (int i = 0; i < m; i++) {
            PointEvaluated e = es.get(i);
            t[i] = e.t();
            loss[i] = e.loss();
            accuracy[i] = e.accuracy();
            error[i] = 1 - e.accuracy();
            f1[i] = e.macroF1();
            n[i] = e.n();
        }
        return new Series(t, loss, error, accuracy, f1, n);
    }
}
