package org.modeconn.core.events;

import org.modeconn.core.store.BlobRef;

import java.util.Map;

/**
 * A checkpoint is in the object store (topic {@link Topics#CHECKPOINTS}): an endpoint, a curve bend or
 * a pre-training step. {@code metrics} are what training measured (final loss, perplexity, ...).
 */
public record CheckpointReady(int schema, String studyId, String checkpointId, Kind kind, BlobRef blob,
                              Map<String, Double> metrics) implements Event {
    public enum Kind { ENDPOINT, BEND, PRETRAIN }

    public CheckpointReady {
        Required.field(studyId, "studyId");
        Required.field(checkpointId, "checkpointId");
        Required.field(kind, "kind");
        Required.field(blob, "blob");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    @Override
    public String key() {
        return studyId;
    }
}
