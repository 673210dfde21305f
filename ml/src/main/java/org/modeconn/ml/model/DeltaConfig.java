package org.modeconn.ml.model;

/**
 * Settings of delta modules that the forward pass needs beyond their weights.
 *
 * @param loraScale         α/r of LoRA
 * @param loraDropout       dropout on LoRA's input
 * @param adapterActivation relu, gelu or tanh
 */
public record DeltaConfig(double loraScale, double loraDropout, String adapterActivation) {
    public static final DeltaConfig NONE = new DeltaConfig(1.0, 0.0, "gelu");
}
