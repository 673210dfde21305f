package org.modeconn.ml.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.Batcher;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.Weights;

/** Scores a classifier with dropout off, in length-sorted batches; results are per example, in dataset order. */
public final class Evaluator {
    private Evaluator() {
    }

    public static EvalResult evaluate(Classifier model, Weights w, TokenizedSet data, int batchSize, int classes) {
        return evaluate(model, w, data, batchSize, classes, true);
    }

    public static EvalResult evaluate(Classifier model, Weights w, TokenizedSet data, int batchSize, int classes,
                                      boolean bucketing) {
        Djl.gradientsOffOnThisThread();
        int n = data.size();
        boolean[] correct = new boolean[n];
        float[] gold = new float[n];
        int[] predicted = new int[n];
        double lossSum = 0;
        for (int[] indices : Batcher.byLength(data.lengths(), batchSize, bucketing)) {
            try (NDManager scratch = w.manager().newSubManager()) {
                Batch batch = data.batch(scratch, indices);
                NDArray logits = model.logits(w, batch, false);
                NDArray labels = data.labels(scratch, indices);
                float[] losses = Classifier.crossEntropy(logits, labels).toFloatArray();
                float[] probs = logits.softmax(-1).toFloatArray();
                for (int i = 0; i < indices.length; i++) {
                    int example = indices[i];
                    int label = data.labels()[example];
                    int best = 0;
                    for (int k = 1; k < classes; k++) {
                        if (probs[i * classes + k] > probs[i * classes + best]) {
                            best = k;
                        }
                    }
                    predicted[example] = best;
                    correct[example] = best == label;
                    gold[example] = probs[i * classes + label];
                    lossSum += losses[i];
                }
            }
        }
        int right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        return new EvalResult(n, lossSum / n, (double) right / n, macroF1(data.labels(), predicted, classes), correct, gold);
    }

    /** The mean over classes (present in gold labels or predictions) of 2·TP / (2·TP + FP + FN). */
    public static double macroF1(int[] gold, int[] predicted, int classes) {
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == predicted[i]) {
                tp[gold[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[gold[i]]++;
            }
        }
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < classes; k++) {
            if (tp[k] + fp[k] + fn[k] == 0) {
                continue;
            }
            sum += 2.0 * tp[k] / (2.0 * tp[k] + fp[k] + fn[k]);
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
