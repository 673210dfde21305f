package org.modeconn.core.pipeline;

import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.StudyPlan;

/**
 * What scoring the points of one path on one split needs, resolved from the plan by {@link ScoringTasks}:
 * the evaluator adds only the point's parameters.
 *
 * @param pathId    the path whose points are scored
 * @param target    the split, as the spec names it
 * @param dataset   the dataset's spec (format, fields, classes)
 * @param location  where the split is, as the spec writes it (a {@link org.modeconn.core.store.DataRef})
 * @param settings  the endpoint trained on the target's dataset (or the start endpoint when neither end is):
 *                  its method and max length apply, and it lends its head when {@code crossTask}
 * @param base      the base model the points overlay ({@code pretrain:} references still to be located)
 * @param crossTask whether the path joins endpoints of different tasks, so that its points carry no
 *                  head and the head comes from {@code settings}' checkpoint
 */
public record ScoringTask(String pathId, EvalTarget target, DatasetSpec dataset, String location,
                          StudyPlan.Endpoint settings, ModelRef base, boolean crossTask) {

    /** The number of classes of the target's dataset. */
    public int classes() {
        return dataset.classes();
    }
}
