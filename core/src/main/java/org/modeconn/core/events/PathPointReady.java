package org.modeconn.core.events;

import org.modeconn.core.store.BlobRef;

/** The parameters of point {@code index} (at {@code t}) of a path are in the object store. */
public record PathPointReady(int schema, String studyId, String pathId, int index, double t, BlobRef blob)
        implements Event {
    @Override
    public String key() {
        return studyId;
    }
}
