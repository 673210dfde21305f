package org.modeconn.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The trainer's own settings, under {@code modeconn.trainer.} ({@code MODECONN_TRAINER_*}); see docs/deploy.md. */
@ConfigMapping(prefix = "modeconn.trainer")
public interface TrainerConfig {

    /**
     * Optimizer steps between two saves of a running job's training state to the store (parameters, AdamW
     * moments, step, losses); a trainer killed mid-job resumes from the last one. 0 never saves. A MiniLM
     * full fine-tuning state is about 270 MB (three copies of the weights).
     */
    @WithDefault("50")
    int stateEvery();
}
