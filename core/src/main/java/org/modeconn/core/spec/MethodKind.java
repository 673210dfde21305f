package org.modeconn.core.spec;

/** How an endpoint is tuned (the spec's {@code method.kind}): every weight, bottleneck adapters, LoRA, or biases only. */
public enum MethodKind implements SpecEnum {
    FULL,
    ADAPTER,
    LORA,
    BITFIT;

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static MethodKind parse(String text) {
        return SpecEnum.parse(MethodKind.class, text, "method");
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling();
    }
}
