package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * AdamW (Loshchilov & Hutter): Adam on the gradient, weight decay applied to the weights directly
 * ("decoupled"), as PyTorch's AdamW does:
 * <pre>
 *   θ ← θ − lr·λ·θ
 *   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²
 *   θ ← θ − lr · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * </pre>
 * Biases and LayerNorm weights get no decay (the BERT convention). State lives in its own manager.
 */
public final class AdamW implements AutoCloseable {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDManager state;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private int t;

    public AdamW(NDManager parent, double weightDecay) {
        this(parent, 0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamW(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        this.state = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    static boolean decays(String name) {
        return !(name.endsWith(".bias") || name.contains("LayerNorm") || name.contains("layer_norm"));
    }

    /** One step over the named parameters with their gradients; call with grad mode off. */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray p = e.getValue();
            NDArray g = grads.get(e.getKey());
            try (NDManager scratch = state.newSubManager()) {
                NDArray[] mv = moments.computeIfAbsent(e.getKey(), k -> new NDArray[]{
                        state.zeros(p.getShape()), state.zeros(p.getShape())});
                NDArray m = mv[0];
                NDArray v = mv[1];
                if (weightDecay > 0 && decays(e.getKey())) {
                    p.subi(keep(scratch, p.mul((float) (lr * weightDecay))));
                }
                m.muli((float) beta1).addi(keep(scratch, g.mul((float) (1 - beta1))));
                v.muli((float) beta2).addi(keep(scratch, keep(scratch, g.square()).mul((float) (1 - beta2))));
                NDArray denom = keep(scratch, keep(scratch, keep(scratch, v.div((float) correction2)).sqrt()).add((float) eps));
                NDArray update = keep(scratch, keep(scratch, m.div(denom)).mul((float) (lr / correction1)));
                p.subi(update);
            }
        }
    }

    /** Results of ops on long-lived arrays would stay in those arrays' managers; move them to scratch. */
    private static NDArray keep(NDManager scratch, NDArray a) {
        a.attach(scratch);
        return a;
    }

    public int steps() {
        return t;
    }

    /** The first moment m of a parameter, or null before its first step; shape of the parameter. */
    NDArray firstMoment(String name) {
        NDArray[] mv = moments.get(name);
        return mv == null ? null : mv[0];
    }

    /** The second moment v of a parameter, or null before its first step; shape of the parameter. */
    NDArray secondMoment(String name) {
        NDArray[] mv = moments.get(name);
        return mv == null ? null : mv[1];
    }

    /**
     * Continues from a saved state: {@code t} steps taken, with these moments (copied; shapes of the
     * parameters). A parameter without saved moments starts from zero at its next step.
     */
    void restore(int t, Map<String, NDArray> firstMoments, Map<String, NDArray> secondMoments) {
        moments.values().forEach(mv -> {
            mv[0].close();
            mv[1].close();
        });
        moments.clear();
        firstMoments.forEach((name, m) -> {
            NDArray v = secondMoments.get(name);
            if (v == null) {
                throw new IllegalArgumentException("saved optimizer state has m but no v for '" + name + "'");
            }
            moments.put(name, new NDArray[]{m.duplicate(), v.duplicate()});
            moments.get(name)[0].attach(state);
            moments.get(name)[1].attach(state);
        });
        this.t = t;
    }

    public Set<String> names() {
        return moments.keySet();
    }

    @Override
    public void close() {
        state.close();
    }
}
