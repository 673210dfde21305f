package org.modeconn.core.events;

import org.modeconn.core.store.BlobRef;

/**
 * Point {@code index} (at {@code t}) of a path can be scored. {@code blob} names its parameters in the object
 * store; {@code null} when the interpolator does not store points, and the evaluator blends the point itself
 * from the path's control points. Keyed by {@code pathId/index}, so that the points of one study spread
 * over the topic's partitions and every evaluator replica gets a share (docs/events.md).
 */
public record PathPointReady(int schema, String studyId, String pathId, int index, double t, BlobRef blob)
        implements Event {
    public PathPointReady {
        Required.field(studyId, "studyId");
        Required.field(pathId, "pathId");
    }

    @Override
    public String key() {
        return pathId + "/" + index;
    }
}
