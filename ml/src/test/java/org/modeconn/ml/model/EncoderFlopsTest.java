package org.modeconn.ml.model;

import org.junit.jupiter.api.Test;
import org.modeconn.core.model.EncoderConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FLOP count against the matrix products of one layer enumerated by shape. */
class EncoderFlopsTest {
    @Test
    void forwardCountsEveryMatrixProductOfEveryLayer() {
        EncoderConfig c = TinyModel.config(); // h 16, f 32, 2 layers, 2 heads
        int l = 5;
        int h = 16;
        int f = 32;
        int d = h / 2;
        long macs = 4L * (l * h * h)      // Q, K, V, output: [L, h] x [h, h]
                + (long) l * h * f + (long) l * f * h  // feed-forward in and out
                + 2L * (l * d * l)                     // per head: Q·Kᵀ [L, d] x [d, L]
                + 2L * (l * l * d);                    // per head: A·V [L, L] x [L, d]
        assertEquals(2 * 2.0 * macs, EncoderFlops.forward(c, l), 1e-9);
        assertEquals(EncoderFlops.forward(c, 5) + EncoderFlops.forward(c, 3), EncoderFlops.forward(c, new int[]{5, 3}), 1e-9);
    }
}
