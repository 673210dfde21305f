package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** The non-linearity inside a bottleneck adapter ({@code method.activation}); {@link TrainingConfig.Method#activationOrDefault()} is {@link #RELU} when none is given. */
public enum Activation implements SpecEnum {
    RELU("relu"),
    GELU("gelu"),
    TANH("tanh");

    private final String spelling;

    Activation(String spelling) {
        this.spelling = spelling;
    }

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static Activation parse(String text) {
        return SpecEnum.parse(Activation.class, text, "activation");
    }

    @Override
    @JsonValue
    public String spelling() {
        return spelling;
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling;
    }
}
