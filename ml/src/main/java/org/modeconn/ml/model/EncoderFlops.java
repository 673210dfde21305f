package org.modeconn.ml.model;

import org.modeconn.core.model.EncoderConfig;

/**
 * Floating-point operations of one forward pass of a BERT-style encoder, counted the usual way (a
 * multiply-add is 2 FLOPs; matrix products only: element-wise work, softmax and layer norms are left out,
 * as in Kaplan et al. 2020, "Scaling Laws for Neural Language Models", §2.1). For a sequence of L real
 * tokens, hidden size h, feed-forward size f and n layers:
 * <pre>
 *   per layer:  2·L·(4h² + 2hf)   the Q, K, V and output projections and the two feed-forward matrices
 *             + 2·2·L²·h          attention scores Q·Kᵀ and the weighted sum of V
 *   total:      n · per layer     (the embeddings are look-ups; the pooler and head are O(h²), left out)
 * </pre>
 */
public final class EncoderFlops {
    private EncoderFlops() {
    }

    /** FLOPs of one forward pass over a sequence of {@code tokens} real (unpadded) tokens. */
    public static double forward(EncoderConfig c, int tokens) {
        double h = c.hidden();
        double f = c.intermediate();
        double l = tokens;
        return c.layers() * (2 * l * (4 * h * h + 2 * h * f) + 4 * l * l * h);
    }

    /** FLOPs of forward passes over sequences of the given real lengths, summed. */
    public static double forward(EncoderConfig c, int[] lengths) {
        double sum = 0;
        for (int l : lengths) {
            sum += forward(c, l);
        }
        return sum;
    }
}
