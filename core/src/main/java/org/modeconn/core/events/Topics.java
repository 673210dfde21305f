package org.modeconn.core.events;

import java.util.List;

/** The one place that names the Kafka topics (ARCHITECTURE.md, "Topics and events"). */
public final class Topics {
    /** {@link StudyRequested}: user → trainer, interpolator, reporter. */
    public static final String STUDIES = "modeconn.studies";
    /** {@link TrainingJob}: trainer → trainer replicas (key: job id). */
    public static final String TRAINING_JOBS = "modeconn.training-jobs";
    /** {@link CheckpointReady}: trainer → interpolator, trainer, reporter. */
    public static final String CHECKPOINTS = "modeconn.checkpoints";
    /** {@link PathPointReady}: interpolator → evaluator, reporter. */
    public static final String PATH_POINTS = "modeconn.path-points";
    /** {@link PointEvaluated}: evaluator → reporter. */
    public static final String EVALUATIONS = "modeconn.evaluations";
    /** {@link StudyStatus}: reporter and any failing service → users. */
    public static final String STUDY_STATUS = "modeconn.study-status";
    /** {@link PathReport} and {@link StudyReport}: reporter → users. */
    public static final String REPORTS = "modeconn.reports";
    /** {@link DeadLetter}: any service → operators. */
    public static final String DEAD_LETTERS = "modeconn.dead-letters";

    public static final List<String> ALL = List.of(STUDIES, TRAINING_JOBS, CHECKPOINTS, PATH_POINTS, EVALUATIONS,
            STUDY_STATUS, REPORTS, DEAD_LETTERS);

    private Topics() {
    }
}
