package org.modeconn.core.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One unit of training work (topic {@link Topics#TRAINING_JOBS}, key: job id): an endpoint, the bends
 * of a curve, or a pre-training run. {@code inputs} are the checkpoint ids it starts from;
 * {@code config} is the resolved configuration it runs.
 */
public record TrainingJob(int schema, String studyId, String jobId, Kind kind, JsonNode config, List<String> inputs)
        implements Event {
    public enum Kind { ENDPOINT, CURVE, PRETRAIN }

    public TrainingJob {
        Required.field(studyId, "studyId");
        Required.field(jobId, "jobId");
        Required.field(kind, "kind");
        Required.field(config, "config");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    @Override
    public String key() {
        return jobId;
    }
}
