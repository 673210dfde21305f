package org.modeconn.ml.model;

import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.spec.Activation;
import org.modeconn.core.spec.LoraTarget;
import org.modeconn.core.spec.TrainingConfig;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Adds the modules of a tuning method to a model and says which parameters train.
 * <ul>
 *   <li>full: every parameter;</li>
 *   <li>bitfit: every bias (and the head);</li>
 *   <li>adapter: a bottleneck after the attention output and after the FFN output of every layer,
 *       down [b, H] and up [H, b] both from N(0, initStd²) (the paper's init), biases 0;</li>
 *   <li>lora: A [r, in] from U(±1/√in), B [out, r] = 0 beside each target projection, scaled α/r.</li>
 * </ul>
 * The backbone of a delta method stays frozen; the head always trains.
 */
public final class DeltaModules {
    private DeltaModules() {
    }

    /** The parameter name (within a layer) of the projection a LoRA target adapts. */
    static String projection(LoraTarget target) {
        return switch (target) {
            case QUERY, KEY, VALUE -> "attention.self." + target.spelling();
            case ATTENTION_OUTPUT -> "attention.output.dense";
            case INTERMEDIATE -> "intermediate.dense";
            case OUTPUT -> "output.dense";
        };
    }

    /** Adds the method's parameters (drawn from {@code init}) and returns the names that train. */
    public static Set<String> apply(TrainingConfig.Method method, EncoderConfig config, Weights w, Random init) {
        Set<String> trainable = new LinkedHashSet<>();
        switch (method.methodKind()) {
            case FULL -> trainable.addAll(w.names());
            case BITFIT -> w.names().stream().filter(n -> n.endsWith(".bias")).forEach(trainable::add);
            case ADAPTER -> {
                int b = method.bottleneck();
                double std = method.initStd() == null ? 0.02 : method.initStd();
                for (int i = 0; i < config.layers(); i++) {
                    for (String where : List.of("attention.output.adapter", "output.adapter")) {
                        String p = "encoder.layer." + i + "." + where;
                        trainable.add(put(w, p + ".down.weight", gaussian(init, b * config.hidden(), std), b, config.hidden()));
                        trainable.add(put(w, p + ".down.bias", new float[b], b));
                        trainable.add(put(w, p + ".up.weight", gaussian(init, config.hidden() * b, std), config.hidden(), b));
                        trainable.add(put(w, p + ".up.bias", new float[config.hidden()], config.hidden()));
                    }
                }
            }
            case LORA -> {
                int r = method.rank();
                for (int i = 0; i < config.layers(); i++) {
                    for (LoraTarget target : method.targetsOrDefault()) {
                        String p = "encoder.layer." + i + "." + projection(target);
                        long[] shape = w.shape(p + ".weight"); // [out, in]
                        int out = (int) shape[0];
                        int in = (int) shape[1];
                        double bound = 1.0 / Math.sqrt(in);
                        float[] a = new float[r * in];
                        for (int k = 0; k < a.length; k++) {
                            a[k] = (float) ((init.nextDouble() * 2 - 1) * bound);
                        }
                        trainable.add(put(w, p + ".lora_A.weight", a, r, in));
                        trainable.add(put(w, p + ".lora_B.weight", new float[out * r], out, r));
                    }
                }
            }
        }
        w.names().stream().filter(n -> n.startsWith(Classifier.HEAD_PREFIX)).forEach(trainable::add);
        return trainable;
    }

    /** What the forward pass needs to know of the method beyond weights. */
    public static DeltaConfig deltaConfig(TrainingConfig.Method method) {
        return switch (method.methodKind()) {
            case LORA -> {
                double alpha = method.alpha() == null ? method.rank() : method.alpha();
                yield new DeltaConfig(alpha / method.rank(), method.dropout() == null ? 0 : method.dropout(), Activation.GELU);
            }
            case ADAPTER -> new DeltaConfig(1, 0, method.activationOrDefault());
            case FULL, BITFIT -> DeltaConfig.NONE;
        };
    }

    private static String put(Weights w, String name, float[] values, long... shape) {
        w.put(name, values, shape);
        return name;
    }

    private static float[] gaussian(Random random, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        return v;
    }
}
