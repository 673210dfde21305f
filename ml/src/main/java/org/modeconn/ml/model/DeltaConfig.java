package org.modeconn.ml.model;

import org.modeconn.core.spec.Activation;

/**
 * Settings of delta modules that the forward pass needs beyond their weights.
 *
 * @param loraScale         α/r of LoRA
 * @param loraDropout       dropout on LoRA's input
 * @param adapterActivation the non-linearity of bottleneck adapters
 */
public record DeltaConfig(double loraScale, double loraDropout, Activation adapterActivation) {
    /** No delta modules (the activation is unused). */
    public static final DeltaConfig NONE = new DeltaConfig(1.0, 0.0, Activation.GELU);
}
