package org.modeconn.interpolator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The interpolator's settings ({@code modeconn.interpolator.*}; environment {@code MODECONN_INTERPOLATOR_STORE_POINTS}). */
@ConfigMapping(prefix = "modeconn.interpolator")
public interface InterpolatorConfig {

    /**
     * {@code true}: every point is blended here and stored ({@code studies/ID/points/...}), and its event
     * names the blob; {@code false}: points are only announced (an event without a blob) and each
     * evaluator blends the points it scores from the path's control points, fetched once, so that no
     * point crosses the store (docs/performance.md, "Points blended by the evaluators").
     */
    @WithDefault("true")
    boolean storePoints();
}
