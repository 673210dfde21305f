package org.modeconn.core.events;

import org.modeconn.core.store.BlobRef;

/** The parameters of point {@code index} (at {@code t}) of a path are in the object store. */
public record PathPointReady(int schema, String studyId, String pathId, int index, double t, BlobRef blob)
        implements Event {
    public PathPointReady {
        Required.field(studyId, "studyId");
        Required.field(pathId, "pathId");
        Required.field(blob, "blob");
    }

    @Override
    public String key() {
        return studyId;
    }
}
