package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.TextTokenizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EncoderTest {
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = Djl.newManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static TextTokenizer.Tokens tokens(long... ids) {
        return new TextTokenizer.Tokens(ids, new long[ids.length]);
    }

    @Test
    void shapesAndPaddingInvariance() {
        EncoderConfig c = TinyModel.config();
        try (Weights w = TinyModel.weights(manager, c, 1); NDManager step = manager.newSubManager()) {
            Encoder encoder = new Encoder(c, DeltaConfig.NONE);
            Batch alone = Batch.of(step, List.of(tokens(101, 2000, 2001, 102)), 0);
            Batch padded = Batch.of(step, List.of(tokens(101, 2000, 2001, 102), tokens(101, 7, 8, 9, 10, 11, 102)), 0);
            assertArrayEquals(new long[]{2, 7}, padded.ids().getShape().getShape());
            NDArray a = encoder.encode(w, alone.ids(), alone.typeIds(), alone.mask(), false);
            NDArray b = encoder.encode(w, padded.ids(), padded.typeIds(), padded.mask(), false);
            assertArrayEquals(new long[]{1, 4, 16}, a.getShape().getShape());
            assertArrayEquals(new long[]{2, 7, 16}, b.getShape().getShape());
            // The padded copy's real tokens see exactly what the unpadded one sees: the mask works.
            float[] x = a.get(new NDIndex("0, :, :")).toFloatArray();
            float[] y = b.get(new NDIndex("0, 0:4, :")).toFloatArray();
            assertArrayEquals(x, y, 1e-5f);
            // Mean pooling ignores padding.
            assertArrayEquals(Pooling.mean(a, alone.mask()).toFloatArray(),
                    Pooling.mean(b, padded.mask()).get(new NDIndex("0:1, :")).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void geluIsTheErfForm() {
        try (NDManager step = manager.newSubManager()) {
            float[] x = {-2f, -0.5f, 0f, 1f, 3f};
            float[] y = Encoder.gelu(step.create(x)).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                double expected = 0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2)));
                assertEquals(expected, y[i], 1e-6);
            }
        }
    }

    @Test
    void robertaCountsPositionsFromPaddingIndexPlusOne() {
        EncoderConfig c = new EncoderConfig("roberta", 50, 8, 1, 2, 16, 20, 1, 1e-5, 0, 0, 1, "cls", 0);
        assertEquals(2, c.positionOffset());
        try (Weights w = TinyModel.weights(manager, c, 2); NDManager step = manager.newSubManager()) {
            Encoder encoder = new Encoder(c, DeltaConfig.NONE);
            // Position embeddings 0 and 1 are never used by real tokens: zeroing them changes nothing.
            Batch batch = Batch.of(step, List.of(tokens(0, 5, 6, 2)), 1);
            NDArray before = encoder.encode(w, batch.ids(), batch.typeIds(), batch.mask(), false);
            float[] table = w.get("embeddings.position_embeddings.weight").toFloatArray();
            java.util.Arrays.fill(table, 0, 16, 0f);
            w.assign("embeddings.position_embeddings.weight", table);
            NDArray after = encoder.encode(w, batch.ids(), batch.typeIds(), batch.mask(), false);
            assertArrayEquals(before.toFloatArray(), after.toFloatArray(), 1e-6f);
            Batch tooLong = Batch.of(step, List.of(tokens(new long[19])), 1);
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(w, tooLong.ids(), tooLong.typeIds(), tooLong.mask(), false));
        }
    }

    /** Abramowitz–Stegun 7.1.26 is too coarse; a series good to 1e-12 for |x| < 3. */
    static double erf(double x) {
        double sum = 0;
        double term = x;
        for (int n = 0; n < 100; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
