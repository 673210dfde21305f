package org.modeconn.core.pipeline;

import org.modeconn.core.events.MisfitException;
import org.modeconn.core.events.TrainingJob;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The training work of a study as jobs with inputs and outputs (checkpoint ids), so that a job is
 * released exactly when every input exists and is skipped when every output does:
 * <ul>
 *   <li>a pre-training run: no input, one output per checkpoint step, {@code {runId}-step{N}};</li>
 *   <li>an endpoint: no input (or the pre-training checkpoint it starts from), one output, its own id;</li>
 *   <li>a curve: inputs are its two endpoints, outputs its bends {@code {pathId}-bend{j}}, j = 1..n.</li>
 * </ul>
 */
public final class TrainingJobs {

    /** One job; {@code name} is the endpoint or path name in the spec. */
    public record Job(String id, TrainingJob.Kind kind, String name, List<String> inputs, List<String> outputs) {
        public boolean ready(Set<String> existing) {
            return existing.containsAll(inputs);
        }

        public boolean done(Set<String> existing) {
            return existing.containsAll(outputs);
        }
    }

    private TrainingJobs() {
    }

    public static List<Job> of(StudyPlan plan) {
        List<Job> jobs = new ArrayList<>();
        for (StudyPlan.Pretraining run : plan.pretraining()) {
            List<String> outputs = run.checkpointSteps().stream().map(step -> pretrainCheckpointId(run, step)).toList();
            jobs.add(new Job(run.id(), TrainingJob.Kind.PRETRAIN, run.name(), List.of(), outputs));
        }
        for (StudyPlan.Endpoint e : plan.endpoints()) {
            List<String> inputs = pretrainCheckpoint(plan, e.base()).map(List::of).orElse(List.of());
            jobs.add(new Job(e.id(), TrainingJob.Kind.ENDPOINT, e.name(), inputs, List.of(e.id())));
        }
        for (StudyPlan.Path p : plan.paths()) {
            if (p.bends() > 0) {
                jobs.add(new Job(p.id() + "-fit", TrainingJob.Kind.CURVE, p.name(), List.of(p.fromId(), p.toId()),
                        bendIds(p)));
            }
        }
        return jobs;
    }

    /**
     * The plan's job that a TrainingJob event names: the same id, kind, name and outputs.
     *
     * @throws MisfitException when the event is not one of the study's jobs (a stray or forged record)
     */
    public static Job find(StudyPlan plan, TrainingJob event) {
        return of(plan).stream()
                .filter(j -> j.id().equals(event.jobId()) && j.kind() == event.kind() && j.name().equals(event.name())
                        && j.outputs().equals(event.outputs()))
                .findFirst()
                .orElseThrow(() -> new MisfitException("training job " + event.jobId() + " (" + event.kind() + " "
                        + event.name() + ", outputs " + event.outputs() + ") is not one of study " + plan.studyId() + "'s jobs"));
    }

    public static String pretrainCheckpointId(StudyPlan.Pretraining run, int step) {
        return run.id() + "-step" + step;
    }

    /** The checkpoint a base-model reference {@code pretrain:RUN@STEP} names, if it is one. */
    public static Optional<String> pretrainCheckpoint(StudyPlan plan, ModelRef base) {
        if (!(base instanceof ModelRef.PretrainStep step)) {
            return Optional.empty();
        }
        return plan.pretraining().stream().filter(r -> r.name().equals(step.run())).findFirst()
                .map(run -> pretrainCheckpointId(run, step.step()));
    }

    public static List<String> bendIds(StudyPlan.Path p) {
        List<String> ids = new ArrayList<>();
        for (int j = 1; j <= p.bends(); j++) {
            ids.add(p.id() + "-bend" + j);
        }
        return ids;
    }

    /** The checkpoints a path blends, in curve order: start endpoint, bends, end endpoint. */
    public static List<String> controlPoints(StudyPlan.Path p) {
        List<String> ids = new ArrayList<>();
        ids.add(p.fromId());
        ids.addAll(bendIds(p));
        ids.add(p.toId());
        return ids;
    }

    /**
     * What a path interpolates: everything its checkpoints hold (all weights for fine-tuning; deltas
     * and head for delta tuning), except the classification heads when the endpoints solve different
     * tasks (their heads do not share a label space); the evaluator then uses the head of the endpoint
     * trained on the dataset it scores.
     */
    public static ParameterFilter interpolated(StudyPlan plan, StudyPlan.Path p) {
        return crossTask(plan, p) ? ParameterFilter.excludingPrefixes(List.of(HEAD_PREFIX)) : ParameterFilter.all();
    }

    /** Whether the path joins endpoints trained on different tasks (and so interpolates no head). */
    public static boolean crossTask(StudyPlan plan, StudyPlan.Path p) {
        String fromTask = plan.endpoint(p.from()).orElseThrow().config().task();
        String toTask = plan.endpoint(p.to()).orElseThrow().config().task();
        return !fromTask.equals(toTask);
    }

    /** The prefix of classification-head parameters (as the ml module names them). */
    public static final String HEAD_PREFIX = "classifier.";

    /** Every checkpoint the study produces. */
    public static List<String> checkpoints(StudyPlan plan) {
        return of(plan).stream().flatMap(j -> j.outputs().stream()).toList();
    }
}
