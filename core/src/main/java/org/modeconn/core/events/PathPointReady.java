package org.modeconn.core.events;

import org.modeconn.core.store.BlobRef;

/**
 * The parameters of point {@code index} (at {@code t}) of a path are in the object store. Keyed by
 * {@code pathId/index}, so that the points of one study spread over the topic's partitions and every
 * evaluator replica gets a share (docs/events.md).
 */
public record PathPointReady(int schema, String studyId, String pathId, int index, double t, BlobRef blob)
        implements Event {
    public PathPointReady {
        Required.field(studyId, "studyId");
        Required.field(pathId, "pathId");
        Required.field(blob, "blob");
    }

    @Override
    public String key() {
        return pathId + "/" + index;
    }
}
