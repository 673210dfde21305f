package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.modeconn.ml.Djl;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ScalarsTest {

    /**
     * Frees every unreachable direct buffer and hands their memory out again, filled with 0xFF bytes
     * (a NaN as float32): what a busy service's garbage collector does between forward and backward.
     */
    static void collectAndReuseFreedMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20); // the cleaner thread frees the buffers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ByteBuffer> filler = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 8) * 4);
            while (b.hasRemaining()) {
                b.put((byte) 0xFF);
            }
            filler.add(b);
        }
        FILLER.add(filler); // kept: memory that stays taken
    }

    private static final List<Object> FILLER = new ArrayList<>();

    /** The gradient of sum(op(x)) for x = (1, 2, 3), with freed memory reused between forward and backward. */
    static float[] gradientUnderCollection(UnaryOperator<NDArray> op) {
        try (NDManager m = Djl.newManager()) {
            NDArray x = m.create(new float[]{1f, 2f, 3f});
            x.setRequiresGradient(true);
            Djl.gradientsOffOnThisThread();
            try (GradientCollector c = Djl.engine().newGradientCollector()) {
                NDArray y = op.apply(x).sum();
                collectAndReuseFreedMemory();
                c.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /**
     * The control: DJL's own {@code div(Number)} under the same collection reads its constant from freed
     * memory (seen here as 5.97e28, -4.07e33, 5.9e-4 in place of 1/3). If this starts failing, DJL keeps
     * its constants alive now, or this harness no longer reuses freed memory: find out which.
     */
    @Test
    void djlsNumberOverloadsLoseTheirConstantUnderCollection() {
        float[] g = gradientUnderCollection(x -> x.div(3f));
        assertNotEquals(1f / 3f, g[0], "DJL's div(Number) kept its constant: " + Arrays.toString(g));
    }

    @Test
    void constantsSurviveCollectionBetweenForwardAndBackward() {
        float third = 1f / 3f;
        assertArrayEquals(new float[]{third, third, third}, gradientUnderCollection(x -> Scalars.div(x, 3)));
        assertArrayEquals(new float[]{0.5f, 0.5f, 0.5f}, gradientUnderCollection(x -> Scalars.mul(x, 0.5)));
        assertArrayEquals(new float[]{0f, 1f, 1f}, gradientUnderCollection(x -> Scalars.maximum(x, 1.5)));
    }
}
