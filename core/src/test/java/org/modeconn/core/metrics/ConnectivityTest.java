package org.modeconn.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every metric against values worked out by hand from SCIENCE.md's definitions. */
class ConnectivityTest {
    private static final double EPS = 1e-12;

    // A path with a bump in the middle: t = 0, .25, .5, .75, 1 and f = .10, .30, .50, .20, .20
    private static final double[] T = {0, 0.25, 0.5, 0.75, 1};
    private static final double[] F = {0.10, 0.30, 0.50, 0.20, 0.20};

    @Test
    void bumpyPath() {
        Connectivity c = Connectivity.of(T, F);
        assertEquals(0.10, c.start(), EPS);
        assertEquals(0.20, c.end(), EPS);
        // barrier: max f − mean of endpoints = 0.50 − 0.15
        assertEquals(0.35, c.barrier(), EPS);
        // linear barrier: f(t) − [(1−t)·0.1 + t·0.2] at each t: 0, 0.175, 0.35, 0.025, 0 → 0.35
        assertEquals(0.35, c.linearBarrier(), EPS);
        // midpoint barrier: f(.5) − 0.15
        assertEquals(0.35, c.midpointBarrier(), EPS);
        // bump barrier: the best sub-segment is [0, .75]: chord at .5 is 0.1 + (0.5/0.75)·0.1 = 0.1667;
        // 0.5 − 0.16667 = 0.33333. [0, 1] gives 0.35, the largest of all segments.
        assertEquals(0.35, c.bumpBarrier(), EPS);
        // mean of the five values
        assertEquals(1.3 / 5, c.mean(), EPS);
        // trapezoids of width .25: (.1+.3)/2 + (.3+.5)/2 + (.5+.2)/2 + (.2+.2)/2 = 1.15, × .25
        assertEquals(0.2875, c.integral(), EPS);
        assertEquals(0.10, c.min(), EPS);
        assertEquals(0.50, c.max(), EPS);
        assertEquals(List.of(), c.beatsBoth());
    }

    @Test
    void bumpBarrierFindsALocalBumpThatTheGlobalChordHides() {
        // f falls steeply, with a small bump on the way down: the whole-path chord lies above it.
        double[] t = {0, 0.25, 0.5, 0.75, 1};
        double[] f = {1.0, 0.5, 0.6, 0.1, 0.0};
        Connectivity c = Connectivity.of(t, f);
        // linear barrier over [0,1]: f − (1 − t): 0, −0.25, 0.1, −0.15, 0 → 0.1
        assertEquals(0.1, c.linearBarrier(), EPS);
        // segment [.25, .75]: chord at .5 = (0.5 + 0.1)/2 = 0.3; bump 0.6 − 0.3 = 0.3 (the largest)
        assertEquals(0.3, c.bumpBarrier(), EPS);
        // barrier: 1.0 − 0.5 = 0.5 (the start itself is the max)
        assertEquals(0.5, c.barrier(), EPS);
    }

    @Test
    void pathBelowBothEndpoints() {
        double[] t = {0, 0.2, 0.4, 0.6, 0.8, 1};
        double[] f = {0.30, 0.25, 0.18, 0.22, 0.31, 0.28};
        Connectivity c = Connectivity.of(t, f);
        assertEquals(List.of(0.2, 0.4, 0.6), c.beatsBoth());
        // max 0.31 − mean 0.29
        assertEquals(0.02, c.barrier(), EPS);
        // f(.5) by linear interpolation = 0.20; midpoint barrier 0.20 − 0.29
        assertEquals(-0.09, c.midpointBarrier(), EPS);
        // linear barrier: at .8, 0.31 − (0.2·0.30 + 0.8·0.28) = 0.31 − 0.284 = 0.026
        assertEquals(0.026, c.linearBarrier(), EPS);
        assertEquals(0.026, c.linearBarrierClipped(), EPS);
        assertEquals(Verdict.CONNECTED, Verdict.of(c, BarrierRule.MEAN, Verdict.DEFAULT_EPSILON + 1e-9));
        assertEquals(Verdict.BARRIER, Verdict.of(c, BarrierRule.MEAN, 0.01));
    }

    /**
     * The path of the issue: error falls from 0.317 to 0.210 with no point worse than the worse endpoint.
     * Max − mean counts half the endpoints' difference (0.054) and says BARRIER; the linear barrier is
     * 0.0208 by hand (at t = 0.5: 0.260 − (0.317 + 0.210)/2 = −0.0035; at t = 0.25: 0.311 − 0.29025 =
     * 0.02075); above the worse endpoint it is 0. Each rule gives its own verdict, and the default is linear.
     */
    @Test
    void theRulesDisagreeOnAMonotonePathAndEachVerdictSaysWhichRuleGaveIt() {
        double[] t = {0, 0.25, 0.5, 0.75, 1};
        double[] f = {0.317, 0.311, 0.260, 0.217, 0.210};
        Connectivity c = Connectivity.of(t, f);
        assertEquals(0.317 - (0.317 + 0.210) / 2, c.barrier(), EPS);
        assertEquals(0.311 - (0.75 * 0.317 + 0.25 * 0.210), c.linearBarrier(), EPS);
        assertEquals(0, c.aboveWorseEndpoint(), EPS);
        assertEquals(Verdict.BARRIER, Verdict.of(c, BarrierRule.MEAN, 0.02));
        assertEquals(Verdict.BARRIER, Verdict.of(c, BarrierRule.LINEAR, 0.02));
        assertEquals(Verdict.CONNECTED, Verdict.of(c, BarrierRule.LINEAR, 0.021));
        assertEquals(Verdict.CONNECTED, Verdict.of(c, BarrierRule.WORSE_ENDPOINT, 0.02));
        assertEquals(BarrierRule.LINEAR, BarrierRule.DEFAULT);
        assertEquals(BarrierRule.WORSE_ENDPOINT, BarrierRule.parse("worse-endpoint"));
    }

    @Test
    void convexPathHasNegativeLinearBarrierClippedToZero() {
        double[] t = {0, 0.5, 1};
        double[] f = {0.4, 0.1, 0.4};
        Connectivity c = Connectivity.of(t, f);
        assertEquals(0.0, c.linearBarrier(), EPS, "the endpoints themselves sit on the chord");
        assertEquals(-0.3, c.midpointBarrier(), EPS);
        assertEquals(0.0, c.linearBarrierClipped(), EPS);
    }

    @Test
    void rejectsBadSeries() {
        assertThrows(IllegalArgumentException.class, () -> Connectivity.of(new double[]{0, 1}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.of(new double[]{0.1, 1}, new double[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.of(new double[]{0, 0.5, 0.5, 1}, new double[]{1, 2, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.of(new double[]{0, 1}, new double[]{1, Double.NaN}));
    }
}
