package org.modeconn.core.metrics;

/**
 * Whether a path connects its endpoints: connected when the error barrier that the study's
 * {@link BarrierRule} names is at most ε (default 0.02).
 */
public enum Verdict {
    CONNECTED, BARRIER;

    public static final double DEFAULT_EPSILON = 0.02;

    /** The verdict on the error along a path under {@code rule} and threshold {@code epsilon}. */
    public static Verdict of(Connectivity error, BarrierRule rule, double epsilon) {
        return rule.of(error) <= epsilon ? CONNECTED : BARRIER;
    }
}
