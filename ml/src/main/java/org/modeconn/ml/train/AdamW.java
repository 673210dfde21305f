package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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

    /**
     * One step over the named parameters with their gradients (each the parameter's shape); call with grad
     * mode off. Each parameter is updated by one native call (DJL's {@code adamUpdate}: PyTorch in-place ops,
     * no Java-side temporaries or scalars) after the decoupled decay {@code θ ← (1 − lr·λ)·θ}; the call computes
     * {@code m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr' · m / (√v + ε')}. With
     * lr' = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) and ε' = ε·√(1−β₂ᵗ) that is exactly PyTorch's AdamW,
     * θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε) (multiply numerator and denominator by √(1−β₂ᵗ)), up to
     * rounding and the factors k₁, k₂ explained in the code. The call also zeroes each parameter's own
     * gradient (PyTorch's {@code .grad}), as {@code optimizer.zero_grad()} would after the step.
     */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        // The native update forms 1 − β in float (1 − 0.999f = 0.00099998713, not 0.001), so its moments are
        // PyTorch's times k₁ and k₂, the same factor at every step: dividing them out here keeps the update
        // PyTorch's to float rounding.
        double k1 = (1 - (double) (float) beta1) / (float) (1 - beta1);
        double k2 = (1 - (double) (float) beta2) / (float) (1 - beta2);
        float stepSize = (float) (lr * Math.sqrt(correction2 * k2) / (correction1 * k1));
        float epsilon = (float) (eps * Math.sqrt(correction2 * k2));
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray p = e.getValue();
            NDArray g = grads.get(e.getKey());
            NDArray[] mv = moments.computeIfAbsent(e.getKey(), k -> new NDArray[]{
                    state.zeros(p.getShape()), state.zeros(p.getShape())});
            if (weightDecay > 0 && decays(e.getKey())) {
                p.muli((float) (1 - lr * weightDecay)); // decoupled decay, as PyTorch writes it: one in-place pass
            }
            // Weight decay 0 (done above), rescale 1 and clip −1: no rescaling or element clipping (the global
            // norm was clipped before).
            p.getNDArrayInternal().adamUpdate(new NDList(p, g, mv[0], mv[1]), new NDList(p), (float) lr, stepSize, 0f,
                    1f, -1f, (float) beta1, (float) beta2, epsilon, false, false);
        }
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
