package org.modeconn.core.metrics;

/** Whether a path connects its endpoints: connected when the error barrier is at most ε. */
public enum Verdict {
    CONNECTED, BARRIER;

    public static final double DEFAULT_EPSILON = 0.02;

    public static Verdict of(Connectivity error, double epsilon) {
        return error.barrier() <= epsilon ? CONNECTED : BARRIER;
    }
}
