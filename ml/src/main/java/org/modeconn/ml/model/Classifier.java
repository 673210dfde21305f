package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import org.modeconn.ml.data.Batch;

import java.util.Random;

/**
 * Sequence classification: encoder → pooling → dropout → linear head {@code classifier.weight}
 * [C, H] and {@code classifier.bias} [C]. The loss is the mean per-example cross-entropy.
 */
public final class Classifier {
    /** Hugging Face's name for the head; one definition with what the pipeline leaves out across tasks. */
    public static final String HEAD_PREFIX = org.modeconn.core.pipeline.TrainingJobs.HEAD_PREFIX;

    private final Encoder encoder;

    public Classifier(Encoder encoder) {
        this.encoder = encoder;
    }

    public Encoder encoder() {
        return encoder;
    }

    /** A fresh head: weight ~ N(0, 0.02²) from the init seed, bias 0 (as BERT initialises it). */
    public static void initHead(Weights w, int hidden, int classes, Random init) {
        float[] weight = new float[classes * hidden];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) (init.nextGaussian() * 0.02);
        }
        w.put(HEAD_PREFIX + "weight", weight, classes, hidden);
        w.put(HEAD_PREFIX + "bias", new float[classes], classes);
    }

    /** Logits [B, C]. */
    public NDArray logits(Weights w, Batch batch, boolean training) {
        NDArray hidden = encoder.encode(w, batch.ids(), batch.typeIds(), batch.mask(), training);
        NDArray pooled = Pooling.pool(encoder.config(), hidden, batch.mask(), w);
        pooled = Encoder.dropout(pooled, encoder.config().hiddenDropout(), training);
        return Linear.linear(pooled, w.get(HEAD_PREFIX + "weight"), w.get(HEAD_PREFIX + "bias")).singletonOrThrow();
    }

    /**
     * Per-example cross-entropy [B] of logits [B, C] against labels [B]: −log softmax picked at the gold
     * label (a gather, not a one-hot product: the MLM head has C = vocabulary size).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbs = logits.logSoftmax(-1);
        return logProbs.gather(labels.reshape(-1, 1), 1).reshape(-1).neg();
    }
}
