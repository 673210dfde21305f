package org.modeconn.core.pipeline;

import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.StudyPlan;

import java.util.List;

/**
 * The scoring work of a path: one {@link ScoringTask} per evaluation split, in the order the spec lists
 * them. A point is scored as a model of the split's task: the endpoint trained on that dataset decides
 * method and length, and lends its head when the path interpolates none ({@link TrainingJobs#crossTask}).
 */
public final class ScoringTasks {
    private ScoringTasks() {
    }

    /**
     * @throws IllegalArgumentException when the plan has no such path, or a cross-task path is scored on a
     *                                  dataset neither endpoint was trained on (no head fits it)
     */
    public static List<ScoringTask> of(StudyPlan plan, String pathId) {
        StudyPlan.Path path = plan.path(pathId)
                .orElseThrow(() -> new IllegalArgumentException("study " + plan.studyId() + " has no path " + pathId));
        return path.eval().stream().map(target -> task(plan, path, target)).toList();
    }

    private static ScoringTask task(StudyPlan plan, StudyPlan.Path path, EvalTarget target) {
        StudyPlan.Endpoint from = plan.endpoint(path.from()).orElseThrow();
        StudyPlan.Endpoint to = plan.endpoint(path.to()).orElseThrow();
        String dataset = target.dataset();
        StudyPlan.Endpoint owner = from.config().task().equals(dataset) ? from
                : to.config().task().equals(dataset) ? to : from;
        boolean crossTask = TrainingJobs.crossTask(plan, path);
        if (crossTask && !owner.config().task().equals(dataset)) { // refused when planned (StudyPlanner.checkHeads)
            throw new IllegalArgumentException("path " + path.name() + " joins endpoints of tasks " + from.config().task()
                    + " and " + to.config().task() + ": neither has a head for " + dataset);
        }
        DatasetSpec d = plan.datasets().get(dataset);
        return new ScoringTask(path.id(), target, d, d.splits().get(target.split()), owner, owner.base(), crossTask);
    }
}
