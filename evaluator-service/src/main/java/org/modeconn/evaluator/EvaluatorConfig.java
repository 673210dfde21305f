package org.modeconn.evaluator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The evaluator's settings ({@code modeconn.evaluator.*}; environment {@code MODECONN_EVALUATOR_DEVICE}, ...). */
@ConfigMapping(prefix = "modeconn.evaluator")
public interface EvaluatorConfig {

    /** {@code cpu}, or {@code gpu} (the service then fails at start-up when no GPU is visible). */
    @WithDefault("cpu")
    String device();

    /** Sequences per forward pass when scoring a point. */
    @WithDefault("64")
    int batchSize();
}
