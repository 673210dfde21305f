package org.modeconn.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

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

    /**
     * Also save a running job's training state once this long has passed since its last save (or the job's start),
     * whatever the step count ({@code 10m}, {@code 90s}, {@code PT10M}); {@code 0s} never saves by time. Bounds the
     * work a killed trainer loses where steps are slow (a large model on CPUs); where steps are fast (a GPU), raise
     * {@link #stateEvery()} or set it to 0 and let this decide, so that saves cost little of the training.
     */
    @WithDefault("0s")
    Duration stateInterval();
}
