package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** A projection of every layer that LoRA adapts ({@code method.targets}); {@link TrainingConfig.Method#targetsOrDefault()} is query and value. */
public enum LoraTarget implements SpecEnum {
    QUERY("query"),
    KEY("key"),
    VALUE("value"),
    ATTENTION_OUTPUT("attention.output"),
    INTERMEDIATE("intermediate"),
    OUTPUT("output");

    private final String spelling;

    LoraTarget(String spelling) {
        this.spelling = spelling;
    }

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static LoraTarget parse(String text) {
        return SpecEnum.parse(LoraTarget.class, text, "LoRA target");
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
