package org.modeconn.ml.train;

/** Progress of a training run, reported once per optimizer step. */
@FunctionalInterface
public interface TrainingListener {
    /**
     * @param step            1-based step just taken
     * @param steps           total steps
     * @param loss            mean training loss of this step's examples
     * @param learningRate    the rate used for this step
     * @param examplesPerSecond throughput of this step
     */
    void onStep(int step, int steps, double loss, double learningRate, double examplesPerSecond);

    TrainingListener NONE = (step, steps, loss, lr, eps) -> {
    };
}
