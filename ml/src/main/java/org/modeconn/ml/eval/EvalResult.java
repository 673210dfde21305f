package org.modeconn.ml.eval;

/**
 * Scores of a model on one dataset: mean per-example cross-entropy, accuracy, macro-F1, and for every
 * example (in dataset order) whether it was right and the probability given to its gold label.
 */
public record EvalResult(int n, double loss, double accuracy, double macroF1, boolean[] correct, float[] goldProbability) {
    public double error() {
        return 1 - accuracy;
    }
}
