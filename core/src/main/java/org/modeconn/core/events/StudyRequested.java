package org.modeconn.core.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A user asks for a study (topic {@link Topics#STUDIES}). {@code spec} is the study spec as JSON;
 * {@code studyId} may be left out, in which case it is derived from the spec's content.
 */
public record StudyRequested(int schema, String studyId, JsonNode spec) implements Event {
    public StudyRequested {
        Required.field(spec, "spec");
    }

    @Override
    public String key() {
        return studyId;
    }
}
