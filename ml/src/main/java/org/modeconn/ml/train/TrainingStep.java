package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import org.modeconn.ml.Djl;
import org.modeconn.ml.model.Scalars;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One optimizer step, shared by fine-tuning, pre-training and curve fitting: the micro-batches'
 * losses are back-propagated (each divided by their number, so gradients average), the global
 * gradient norm is clipped, AdamW updates the parameters and zeroes the gradients (DJL's collector
 * does not zero them).
 */
public final class TrainingStep implements AutoCloseable {

    /** A micro-batch's mean loss (a scalar to back-propagate), its summed loss and example count. */
    public record Loss(NDArray mean, double sum, int count) {
    }

    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final double gradClip;
    private final AdamW optimizer;
    private double lastGradNorm;
    private int skipped;
    private int consecutiveSkips;
    private String lastSkipReason;

    /** Steps in a row with non-finite gradients after which training stops. */
    static final int MAX_CONSECUTIVE_SKIPS = 5;

    public TrainingStep(NDManager manager, Map<String, NDArray> params, double weightDecay, double gradClip) {
        this.manager = manager;
        this.params = new LinkedHashMap<>(params);
        this.gradClip = gradClip;
        this.optimizer = new AdamW(manager, weightDecay);
        for (NDArray p : params.values()) {
            p.setRequiresGradient(true);
        }
    }

    /**
     * Runs {@code accumulation} micro-batches (each built and scored by {@code microBatch} in a scratch
     * manager that is closed right after) and takes one step at learning rate {@code lr}.
     *
     * @return the mean loss per example over the micro-batches, or NaN if the step was skipped
     *         because a gradient was not finite
     */
    public double run(int accumulation, Function<NDManager, Loss> microBatch, double lr) {
        double sum = 0;
        int count = 0;
        Djl.gradientsOffOnThisThread(); // the collector turns it on and restores this afterwards
        try (GradientCollector collector = Djl.engine().newGradientCollector()) {
            for (int a = 0; a < accumulation; a++) {
                try (NDManager scratch = manager.newSubManager()) {
                    Loss loss = microBatch.apply(scratch);
                    collector.backward(Scalars.div(loss.mean(), accumulation));
                    sum += loss.sum();
                    count += loss.count();
                }
            }
        }
        try (NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(scratch);
                grads.put(e.getKey(), g);
            }
            lastGradNorm = clip(grads, gradClip, scratch);
            double loss = sum / Math.max(1, count);
            if (!Double.isFinite(lastGradNorm) || !Double.isFinite(loss)) {
                // A non-finite gradient would ruin every parameter it touches: skip this update (as
                // mixed-precision loss scalers do) and stop if it keeps happening.
                List<String> bad = new ArrayList<>();
                grads.forEach((name, g) -> {
                    NDArray nonFinite = g.isNaN().logicalOr(g.isInfinite()).any();
                    nonFinite.attach(scratch);
                    if (nonFinite.getBoolean()) {
                        bad.add(name);
                    }
                    g.set(new NDIndex(":"), 0f); // not g·0: NaN·0 is NaN
                });
                skipped++;
                consecutiveSkips++;
                lastSkipReason = "loss " + loss + ", gradient norm " + lastGradNorm + ", non-finite gradients in "
                        + bad.size() + " tensors, first " + bad.subList(0, Math.min(4, bad.size()));
                if (consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
                    throw new TrainingDivergedException(consecutiveSkips + " steps in a row with non-finite gradients; last: "
                            + lastSkipReason);
                }
                return Double.NaN;
            }
            consecutiveSkips = 0;
            optimizer.step(params, grads, lr); // zeroes the gradients too
        }
        return sum / Math.max(1, count);
    }

    /** Training produced a non-finite loss or gradient; nothing was updated in that step. */
    public static final class TrainingDivergedException extends RuntimeException {
        TrainingDivergedException(String message) {
            super(message);
        }
    }

    /** Steps skipped so far because of non-finite gradients. */
    public int skippedSteps() {
        return skipped;
    }

    /** Why the last skipped step was skipped, or null. */
    public String lastSkipReason() {
        return lastSkipReason;
    }

    /** The manager the parameters live in. */
    NDManager manager() {
        return manager;
    }

    /** Prefixes of the tensors in a saved state: the parameters and AdamW's two moments. */
    static final String PARAM = "param/";
    static final String FIRST_MOMENT = "adam.m/";
    static final String SECOND_MOMENT = "adam.v/";

    /**
     * The tensors that continue this optimisation: {@code param/NAME} (the trained parameters, their own
     * shapes) and, for each parameter that has taken a step, {@code adam.m/NAME} and {@code adam.v/NAME}.
     * They are this step's own arrays, not copies: save them before the next step.
     */
    Map<String, NDArray> stateTensors() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.forEach((n, p) -> out.put(PARAM + n, p));
        for (String n : params.keySet()) {
            NDArray m = optimizer.firstMoment(n);
            if (m != null) {
                out.put(FIRST_MOMENT + n, m);
                out.put(SECOND_MOMENT + n, optimizer.secondMoment(n));
            }
        }
        return out;
    }

    /** The counters that continue this optimisation: AdamW's step count and the skipped steps. */
    Map<String, String> stateValues() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("adam.steps", String.valueOf(optimizer.steps()));
        out.put("skipped", String.valueOf(skipped));
        out.put("consecutiveSkips", String.valueOf(consecutiveSkips));
        if (lastSkipReason != null) {
            out.put("lastSkipReason", lastSkipReason);
        }
        return out;
    }

    /**
     * Continues from {@link #stateTensors()} and {@link #stateValues()} saved earlier: copies the
     * parameters in place (gradients stay attached) and restores the optimizer and the counters.
     *
     * @throws IllegalArgumentException if a parameter is missing or its shape differs
     */
    void restore(Map<String, NDArray> tensors, Map<String, String> values) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray saved = tensors.get(PARAM + e.getKey());
            if (saved == null || !saved.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' is " + (saved == null ? "missing"
                        : "of shape " + saved.getShape() + ", not " + e.getValue().getShape()));
            }
        }
        params.forEach((n, p) -> p.set(tensors.get(PARAM + n).toFloatArray()));
        Map<String, NDArray> m = new LinkedHashMap<>();
        Map<String, NDArray> v = new LinkedHashMap<>();
        for (String n : params.keySet()) {
            if (tensors.containsKey(FIRST_MOMENT + n)) {
                m.put(n, tensors.get(FIRST_MOMENT + n));
                v.put(n, tensors.get(SECOND_MOMENT + n));
            }
        }
        optimizer.restore(Integer.parseInt(values.get("adam.steps")), m, v);
        skipped = Integer.parseInt(values.get("skipped"));
        consecutiveSkips = Integer.parseInt(values.get("consecutiveSkips"));
        lastSkipReason = values.get("lastSkipReason");
    }

    /** The global gradient norm before clipping, of the last step. */
    public double lastGradNorm() {
        return lastGradNorm;
    }

    /** Scales all gradients by max/‖g‖ when their global L2 norm exceeds max (0 disables); returns ‖g‖. */
    static double clip(Map<String, NDArray> grads, double max, NDManager scratch) {
        double total = 0;
        for (NDArray g : grads.values()) {
            NDArray sq = g.square().sum();
            sq.attach(scratch);
            total += sq.getFloat();
        }
        double norm = Math.sqrt(total);
        if (max > 0 && norm > max) {
            float scale = (float) (max / (norm + 1e-6));
            for (NDArray g : grads.values()) {
                g.muli(scale);
            }
        }
        return norm;
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
