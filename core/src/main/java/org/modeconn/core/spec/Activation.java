package org.modeconn.core.spec;

/** The non-linearity inside a bottleneck adapter ({@code method.activation}); {@link TrainingConfig.Method#activationOrDefault()} is {@link #RELU} when none is given. */
public enum Activation implements SpecEnum {
    RELU,
    GELU,
    TANH;

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static Activation parse(String text) {
        return SpecEnum.parse(Activation.class, text, "activation");
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling();
    }
}
