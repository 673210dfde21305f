package org.modeconn.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfWayTest {
    private static final double[] GRID = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

    // The rq3-tasks study's MNLI -> SST-2 line (docs/findings/rq3-tasks-points.csv); the expected t is the first root
    // of the piecewise-linear series minus the endpoints' mean, found by scipy's brentq (numpy.interp, xtol 1e-15).
    private static final double[] SST2_ERROR = {0.5126146788990826, 0.4736238532110092, 0.4678899082568807,
            0.4311926605504587, 0.3623853211009175, 0.26720183486238536, 0.19610091743119262, 0.16628440366972475,
            0.1513761467889908, 0.1513761467889908, 0.1571100917431193};
    private static final double[] MNLI_ERROR = {0.3718797758532858, 0.3820682628629648, 0.4014263881813551,
            0.4289353031074885, 0.49617931737137033, 0.5425369332654101, 0.5659704533876719, 0.6245542536933266,
            0.6653082017320429, 0.673458991339786, 0.673458991339786};

    @Test
    void aStraightLineIsHalfWayAtItsMiddle() {
        HalfWay h = HalfWay.of(new double[]{0, 0.25, 0.5, 0.75, 1}, new double[]{1, 0.75, 0.5, 0.25, 0}, 0.02);
        assertEquals(0.5, h.t());
        assertEquals(1, h.crossings());
    }

    @Test
    void aFallingAndARisingErrorEqualScipysRoot() {
        HalfWay sst2 = HalfWay.of(GRID, SST2_ERROR, 0.02);
        assertEquals(0.42891566265060244, sst2.t(), 1e-12);
        assertEquals(1, sst2.crossings());
        HalfWay mnli = HalfWay.of(GRID, MNLI_ERROR, 0.02);
        assertEquals(0.4571428571428572, mnli.t(), 1e-12);
        assertEquals(1, mnli.crossings());
    }

    @Test
    void endpointsThatScoreAlikeHaveNone() {
        // rq3-tasks' ANLI series: its endpoints differ by 0.0172, below ε = 0.02 (both near chance).
        double[] anli = {0.7046875, 0.7, 0.6984375, 0.6921875, 0.69375, 0.6765625, 0.65, 0.6609375, 0.6671875,
                0.684375, 0.6875};
        assertEquals(HalfWay.UNDEFINED, HalfWay.of(GRID, anli, 0.02));
        assertEquals(0.2375, HalfWay.of(GRID, anli, 0.01).t(), 1e-12);
        assertEquals(HalfWay.UNDEFINED, HalfWay.of(new double[]{0, 1}, new double[]{0.3, 0.3}, 0));
    }

    @Test
    void aSeriesThatWaversCountsEveryCrossingAndGivesTheFirst() {
        // m = 0.5: crossed upwards in [0, 0.25] at 0.5 / 0.6 of the way, back down in [0.25, 0.5], up again in [0.5, 0.75].
        HalfWay h = HalfWay.of(new double[]{0, 0.25, 0.5, 0.75, 1}, new double[]{0, 0.6, 0.4, 0.6, 1}, 0.02);
        assertEquals(0.25 * 0.5 / 0.6, h.t(), 1e-15);
        assertEquals(3, h.crossings());
    }

    @Test
    void aPointExactlyAtTheMeanIsTheHalfWayPoint() {
        HalfWay h = HalfWay.of(new double[]{0, 0.5, 1}, new double[]{0.2, 0.4, 0.6}, 0.02);
        assertEquals(0.5, h.t());
        assertEquals(1, h.crossings());
    }

    @Test
    void aPointThatTouchesTheMeanAndTurnsBackIsTheFirstReachAndTwoMoreCrossings() {
        // m = 0.5, reached at t = 1/3, left again towards 0.4, crossed for good in [2/3, 1]: a strict "past m" would
        // give 2/3 + (0.5 − 0.4) / 0.6 / 3 = 0.7222 and one crossing instead.
        HalfWay h = HalfWay.of(new double[]{0, 1.0 / 3, 2.0 / 3, 1}, new double[]{0, 0.5, 0.4, 1}, 0.02);
        assertEquals(1.0 / 3, h.t());
        assertEquals(3, h.crossings());
    }

    @Test
    void aGridThatDoesNotRunFromZeroToOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HalfWay.of(new double[]{0, 0.5}, new double[]{0, 1}, 0));
        assertTrue(e.getMessage().contains("from t = 0 to t = 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HalfWay.of(new double[]{0, 1}, new double[]{0, 1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> HalfWay.of(new double[]{0, 1}, new double[]{0, Double.NaN}, 0));
        assertThrows(IllegalArgumentException.class, () -> HalfWay.of(new double[]{0, 1}, new double[]{0, 1}, -0.01));
    }
}
