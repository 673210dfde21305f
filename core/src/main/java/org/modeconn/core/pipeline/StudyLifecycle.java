package org.modeconn.core.pipeline;

import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.spec.StudyPlan;

/**
 * Where one accepted study stands as the reporter follows it from its events: its {@link StudyProgress}, its
 * state (ACCEPTED, PROGRESS, COMPLETED or FAILED) and, for each event, what the reporter must do about it.
 *
 * <p>The rule of completion: a study is due to complete whenever every checkpoint and every evaluation of its plan
 * has arrived and it is not COMPLETED yet, whatever the event that says so. The reporter reads its topics
 * independently, so the last checkpoint can come after the last evaluation (in a history replay all evaluations can
 * come first), and a record handled again after a transient error finds its work already counted; deciding on the
 * state rather than on "this event was new" makes both complete the study, and exactly once, since the reporter
 * calls {@link #completed()} once the reports are built. Duplicates and events outside the plan change nothing.
 * docs/pipeline.md, "The reporter".
 *
 * <p>Changed by one thread at a time (the reporter handles one record at a time); its state can be read from any.
 */
public final class StudyLifecycle {

    /**
     * What an event asks of the reporter.
     *
     * @param counted   the event added work not seen before: announce the stage's progress
     * @param completes every checkpoint and evaluation is in and the study is not COMPLETED: build the reports
     *                  (publish them if live), then call {@link #completed()}
     */
    public record Outcome(boolean counted, boolean completes) {
    }

    private final StudyProgress progress;
    private volatile StudyStatus.State state = StudyStatus.State.ACCEPTED;
    private volatile String message;

    /** A study just accepted: ACCEPTED, nothing counted. */
    public StudyLifecycle(StudyPlan plan) {
        this.progress = new StudyProgress(plan);
    }

    public StudyProgress progress() {
        return progress;
    }

    /** ACCEPTED, PROGRESS, COMPLETED or FAILED. */
    public StudyStatus.State state() {
        return state;
    }

    /** Why the study failed, as the failing service said; null unless FAILED. */
    public String message() {
        return message;
    }

    /**
     * The study was published again. A finished study's reports are to be announced again (true); an unfinished
     * one that had failed starts afresh as ACCEPTED (the services redo only what is missing).
     *
     * @return true if the study is finished and its reports should be announced again
     */
    public boolean requestedAgain() {
        if (progress.complete()) {
            return true;
        }
        if (state == StudyStatus.State.FAILED) {
            state = StudyStatus.State.ACCEPTED;
            message = null;
        }
        return false;
    }

    /** A checkpoint arrived (an endpoint, a bend or a pre-training checkpoint, by id). */
    public Outcome checkpoint(String checkpointId) {
        return outcome(progress.checkpoint(checkpointId));
    }

    /** A path point was announced. */
    public Outcome point(PathPointReady p) {
        return outcome(progress.point(p));
    }

    /** A point was scored on one split. The caller refuses misfits first ({@link StudyProgress#misfit}). */
    public Outcome evaluation(PointEvaluated e) {
        return outcome(progress.evaluation(e));
    }

    /** The reports are built (and published if live): the study is COMPLETED and no later event completes it again. */
    public void completed() {
        state = StudyStatus.State.COMPLETED;
        message = null;
    }

    /**
     * A service failed on one of the study's records. A COMPLETED study stays so (its reports stand); any other is
     * FAILED until it is published again, though work that still arrives is counted and can complete it.
     *
     * @return true if the state changed to FAILED
     */
    public boolean failed(String why) {
        if (state == StudyStatus.State.COMPLETED) {
            return false;
        }
        state = StudyStatus.State.FAILED;
        message = why;
        return true;
    }

    private Outcome outcome(boolean counted) {
        if (counted && state == StudyStatus.State.ACCEPTED) {
            state = StudyStatus.State.PROGRESS;
        }
        return new Outcome(counted, progress.complete() && state != StudyStatus.State.COMPLETED);
    }
}
