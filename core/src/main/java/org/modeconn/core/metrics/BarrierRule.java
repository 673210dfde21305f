package org.modeconn.core.metrics;

import org.modeconn.core.spec.SpecEnum;

/**
 * Which barrier of the error along a path decides its verdict ({@code barrierRule} in a study spec). The
 * three answer different questions and disagree most when the endpoints differ: on a path whose error
 * falls monotonically from 0.317 to 0.210, "max minus endpoint mean" is 0.054 although no point is worse
 * than the worse endpoint. The default is {@link #LINEAR}: it measures what linear mode connectivity asks
 * (is any point worse than the straight interpolation of the endpoint values?) and is not inflated by the
 * endpoints' own difference.
 */
public enum BarrierRule implements SpecEnum {
    /** max_t f(t) − ½[f(0) + f(1)] (Frankle et al. 2020; Ainsworth et al. 2022, Git Re-Basin). */
    MEAN,
    /** max_t { f(t) − [(1 − t)·f(0) + t·f(1)] }, clipped at 0 (Entezari et al. 2022; Juneja et al. 2023). */
    LINEAR,
    /** max_t f(t) − max(f(0), f(1)), clipped at 0: how far the path rises above its worse endpoint. */
    WORSE_ENDPOINT;

    /** The rule a study uses when it names none. */
    public static final BarrierRule DEFAULT = LINEAR;

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static BarrierRule parse(String text) {
        return SpecEnum.parse(BarrierRule.class, text, "barrier rule");
    }

    /** This rule's barrier of a quantity along a path. */
    public double of(Connectivity c) {
        return switch (this) {
            case MEAN -> c.barrier();
            case LINEAR -> c.linearBarrierClipped();
            case WORSE_ENDPOINT -> c.aboveWorseEndpoint();
        };
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling();
    }
}
