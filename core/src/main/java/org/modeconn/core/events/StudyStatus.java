package org.modeconn.core.events;

import org.modeconn.core.spec.Problem;

import java.util.List;

/**
 * Where a study stands (topic {@link Topics#STUDY_STATUS}). {@code errors} lists every validation
 * problem of a rejected study; {@code done}/{@code total} count the work of {@code stage} for progress.
 */
public record StudyStatus(int schema, String studyId, State state, String stage, long done, long total,
                          String message, List<Problem> errors) implements Event {
    public enum State { ACCEPTED, REJECTED, PROGRESS, COMPLETED, FAILED }

    public StudyStatus {
        Required.field(studyId, "studyId");
        Required.field(state, "state");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    @Override
    public String key() {
        return studyId;
    }
}
