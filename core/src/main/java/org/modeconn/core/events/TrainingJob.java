package org.modeconn.core.events;

import java.util.List;

/**
 * One unit of training work (topic {@link Topics#TRAINING_JOBS}, key: job id): an endpoint, the bends
 * of a curve, or a pre-training run. A worker needs nothing else to run it than the study's plan.
 *
 * @param name    the endpoint, path or pre-training run name in the spec (sweep endpoints and paths by
 *                their expanded names)
 * @param inputs  the checkpoint ids it starts from (none, a pre-training step, or a path's two endpoints)
 * @param outputs the checkpoint ids it produces: the endpoint's id, a curve's bends {@code {pathId}-bend{j}},
 *                a run's steps {@code {runId}-step{N}}; a job whose outputs all exist is done
 */
public record TrainingJob(int schema, String studyId, String jobId, Kind kind, String name, List<String> inputs,
                          List<String> outputs) implements Event {
    /** What the job trains. */
    public enum Kind { ENDPOINT, CURVE, PRETRAIN }

    public TrainingJob {
        Required.field(studyId, "studyId");
        Required.field(jobId, "jobId");
        Required.field(kind, "kind");
        Required.field(name, "name");
        Required.field(outputs, "outputs");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a training job produces at least one checkpoint: 'outputs' is empty");
        }
    }

    @Override
    public String key() {
        return jobId;
    }
}
