package org.modeconn.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataMapTest {
    /** Three moments of three examples. Expected values from Python's statistics.fmean and statistics.pstdev. */
    private static final float[][] P = {{0.9f, 0.2f, 0.6f}, {0.7f, 0.4f, 0.6f}, {0.8f, 0.9f, 0.3f}};
    private static final boolean[][] RIGHT = {{true, false, true}, {true, false, true}, {true, true, false}};

    @Test
    void confidenceVariabilityAndCorrectnessAreThePerExampleMeanPopulationSdAndHitRate() {
        DataMap m = DataMap.of(P, RIGHT);
        assertEquals(3, m.moments());
        assertArrayEquals(new double[]{0.7999999999999999, 0.5, 0.5}, m.confidence(), 1e-7);
        assertArrayEquals(new double[]{0.08164965809277264, 0.2943920288775949, 0.1414213562373095}, m.variability(), 1e-7);
        assertArrayEquals(new double[]{1.0, 1.0 / 3, 2.0 / 3}, m.correctness(), 1e-12);
    }

    @Test
    void shapesAndProbabilitiesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DataMap.of(new float[0][], new boolean[0][]));
        assertThrows(IllegalArgumentException.class, () -> DataMap.of(P, new boolean[][]{{true, true, true}}));
        assertThrows(IllegalArgumentException.class, () -> DataMap.of(new float[][]{{0.5f, 1.5f}}, new boolean[][]{{true, true}}));
        assertThrows(IllegalArgumentException.class, () -> DataMap.of(new float[][]{{Float.NaN}}, new boolean[][]{{true}}));
    }

    /**
     * Five examples along a 4-point path: 0 is kept, 1 is forgotten at t = 1/3, 2 at t = 2/3 (coming back later
     * does not matter), 3 at t = 1, 4 is wrong at the start.
     */
    @Test
    void forgettingGroupsExamplesByTheFirstPointThatGetsThemWrong() {
        double[] t = {0, 1.0 / 3, 2.0 / 3, 1};
        boolean[][] correct = {
                {true, true, true, true, false},
                {true, false, true, true, false},
                {true, false, false, true, true},
                {true, true, true, false, true}};
        DataMap start = new DataMap(new double[]{0.9, 0.3, 0.5, 0.7, 0.2}, new double[]{0.05, 0.3, 0.2, 0.1, 0.25},
                new double[]{1, 0.4, 0.6, 0.8, 0.2}, 5);
        Forgetting f = Forgetting.of(t, correct, start);
        assertEquals(4, f.rightAtStart());
        List<Forgetting.Group> g = f.groups();
        assertEquals(5, g.size());
        assertEquals(List.of(1, 1, 1, 1, 1), g.stream().map(Forgetting.Group::count).toList());
        assertEquals(0.3, g.get(0).meanConfidence(), 1e-12);
        assertEquals(0.5, g.get(1).meanConfidence(), 1e-12);
        assertEquals(0.7, g.get(2).meanConfidence(), 1e-12);
        assertEquals(Forgetting.Group.KEPT, g.get(3).label());
        assertEquals(0.9, g.get(3).meanConfidence(), 1e-12);
        assertEquals(0.05, g.get(3).meanVariability(), 1e-12);
        assertEquals(Forgetting.Group.WRONG_AT_START, g.get(4).label());
        assertEquals(0.2, g.get(4).meanCorrectness(), 1e-12);
        assertEquals(1.0 / 3, g.get(0).t(), 1e-12);
        assertTrue(Double.isNaN(g.get(3).t()));
        // the three forgotten go in order of rising confidence and falling variability
        assertEquals(3, f.withConfidence().n());
        assertEquals(3, f.forgotten());
        assertEquals(1, f.withConfidence().rho(), 1e-12);
        assertEquals(-1, f.withVariability().rho(), 1e-12);

        boolean[][] none = {{false, false, false, false, false}, {true, true, true, true, true}};
        Forgetting empty = Forgetting.of(new double[]{0, 1}, none, start);
        assertTrue(Double.isNaN(empty.groups().get(0).meanConfidence()), "an empty group has no mean");
        assertEquals(0, empty.rightAtStart());
        assertTrue(Double.isNaN(empty.withConfidence().rho()), "nothing forgotten, nothing to correlate");
        assertThrows(IllegalArgumentException.class, () -> Forgetting.of(new double[]{0, 1}, new boolean[][]{{true}, {true}}, start));
    }
}
