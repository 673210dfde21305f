package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.modeconn.ml.Djl;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStepTest {
    @Test
    void accumulatedMicroBatchesAverageTheirGradients() {
        try (NDManager m = Djl.newManager()) {
            NDArray w = m.create(new float[]{1f, -1f});
            // loss_k = Σ w·x_k with x_1 = (1, 0), x_2 = (0, 3): averaged gradient (0.5, 1.5); clipped to norm 1.
            float[][] xs = {{1f, 0f}, {0f, 3f}};
            int[] k = {0};
            try (TrainingStep step = new TrainingStep(m, Map.of("w", w), 0, 1.0)) {
                double loss = step.run(2, scratch -> {
                    NDArray l = w.mul(scratch.create(xs[k[0]++])).sum();
                    l.attach(scratch);
                    return new TrainingStep.Loss(l, l.getFloat(), 1);
                }, 0.1);
                assertEquals((1.0 + -3.0) / 2, loss, 1e-6, "mean of the micro-batch losses");
                assertEquals(Math.sqrt(0.25 + 2.25), step.lastGradNorm(), 1e-6);
                // Adam's first step moves every coordinate by lr against the sign of its gradient.
                assertArrayEquals(new float[]{0.9f, -1.1f}, w.toFloatArray(), 1e-5f);
                assertEquals(0, step.skippedSteps());
            }
        }
    }

    /**
     * A service trains on pooled worker threads, where PyTorch's grad mode starts on (DJL turns it off
     * only on the thread that loaded the engine): the in-place update must still work there.
     */
    @Test
    void stepsWorkOnAThreadOtherThanTheOneThatLoadedTheEngine() throws Exception {
        Djl.engine();
        Throwable[] failure = {null};
        float[][] after = {null};
        Thread worker = new Thread(() -> {
            try (NDManager m = Djl.newManager()) {
                NDArray w = m.create(new float[]{1f, -1f});
                try (TrainingStep step = new TrainingStep(m, Map.of("w", w), 0.01, 1.0)) {
                    step.run(1, scratch -> {
                        NDArray l = w.sum();
                        l.attach(scratch);
                        return new TrainingStep.Loss(l, l.getFloat(), 1);
                    }, 0.1);
                }
                after[0] = w.toFloatArray();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "pooled-worker");
        worker.start();
        worker.join();
        assertEquals(null, failure[0]);
        assertTrue(after[0][0] < 1f && after[0][1] < -1f, "the step moved both weights down");
    }

    @Test
    void nonFiniteGradientsSkipTheUpdateAndRepeatedOnesStopTraining() {
        try (NDManager m = Djl.newManager()) {
            NDArray w = m.create(new float[]{1f, 2f});
            try (TrainingStep step = new TrainingStep(m, Map.of("w", w), 0.01, 1.0)) {
                for (int i = 1; i < TrainingStep.MAX_CONSECUTIVE_SKIPS; i++) {
                    double loss = step.run(1, scratch -> {
                        NDArray l = w.mul(Float.NaN).sum();
                        l.attach(scratch);
                        return new TrainingStep.Loss(l, l.getFloat(), 1);
                    }, 0.1);
                    assertTrue(Double.isNaN(loss));
                    assertArrayEquals(new float[]{1f, 2f}, w.toFloatArray(), "a skipped step changes nothing");
                    assertEquals(i, step.skippedSteps());
                }
                assertTrue(step.lastSkipReason().contains("non-finite gradients in 1 tensors"), step.lastSkipReason());
                // A good step clears the buffers: its gradient is finite again.
                step.run(1, scratch -> {
                    NDArray l = w.sum();
                    l.attach(scratch);
                    return new TrainingStep.Loss(l, l.getFloat(), 1);
                }, 0.1);
                assertTrue(Double.isFinite(step.lastGradNorm()));
                for (int i = 1; i < TrainingStep.MAX_CONSECUTIVE_SKIPS; i++) {
                    step.run(1, scratch -> nan(w, scratch), 0.1);
                }
                assertThrows(TrainingStep.TrainingDivergedException.class, () -> step.run(1, scratch -> nan(w, scratch), 0.1));
            }
        }
    }

    private static TrainingStep.Loss nan(NDArray w, NDManager scratch) {
        NDArray l = w.mul(Float.NaN).sum();
        l.attach(scratch);
        return new TrainingStep.Loss(l, l.getFloat(), 1);
    }
}
