package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an endpoint is tuned (the spec's {@code method.kind}): every weight, bottleneck adapters, LoRA, or biases only. */
public enum MethodKind implements SpecEnum {
    FULL("full"),
    ADAPTER("adapter"),
    LORA("lora"),
    BITFIT("bitfit");

    private final String spelling;

    MethodKind(String spelling) {
        this.spelling = spelling;
    }

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static MethodKind parse(String text) {
        return SpecEnum.parse(MethodKind.class, text, "method");
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
