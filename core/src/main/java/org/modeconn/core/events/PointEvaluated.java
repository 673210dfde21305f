package org.modeconn.core.events;

import org.modeconn.core.store.BlobRef;

/**
 * One path point scored on one dataset: n examples, mean per-example cross-entropy, accuracy,
 * macro-F1, and the per-example blob (correctness and gold-label probability).
 */
public record PointEvaluated(int schema, String studyId, String pathId, int index, double t, String dataset, int n,
                             double loss, double accuracy, double macroF1, BlobRef examples) implements Event {
    public PointEvaluated {
        Required.field(studyId, "studyId");
        Required.field(pathId, "pathId");
        Required.field(dataset, "dataset");
        Required.field(examples, "examples");
    }

    @Override
    public String key() {
        return studyId;
    }
}
