package org.modeconn.core.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every event is a JSON object with a {@code type} naming its record and a {@code schema} version, so
 * that consumers can reject what they do not understand instead of misreading it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StudyRequested.class, name = "StudyRequested"),
        @JsonSubTypes.Type(value = TrainingJob.class, name = "TrainingJob"),
        @JsonSubTypes.Type(value = CheckpointReady.class, name = "CheckpointReady"),
        @JsonSubTypes.Type(value = PathPointReady.class, name = "PathPointReady"),
        @JsonSubTypes.Type(value = PointEvaluated.class, name = "PointEvaluated"),
        @JsonSubTypes.Type(value = StudyStatus.class, name = "StudyStatus"),
        @JsonSubTypes.Type(value = PathReport.class, name = "PathReport"),
        @JsonSubTypes.Type(value = StudyReport.class, name = "StudyReport"),
        @JsonSubTypes.Type(value = DeadLetter.class, name = "DeadLetter")
})
public sealed interface Event permits StudyRequested, TrainingJob, CheckpointReady, PathPointReady, PointEvaluated,
        StudyStatus, PathReport, StudyReport, DeadLetter {

    /** The version of the event format this code writes and reads. */
    int SCHEMA = 1;

    int schema();

    /** The Kafka record key: the study id, unless the event says otherwise. */
    String key();

    /** The study the event is about; null for events about no study (a dead letter). Records with a
     * {@code studyId} component implement this through their accessor. */
    default String studyId() {
        return null;
    }
}
