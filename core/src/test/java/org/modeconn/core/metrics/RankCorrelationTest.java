package org.modeconn.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spearman's ρ and its p-value against {@code scipy.stats.spearmanr} (SciPy 1.x, values in the comments). */
class RankCorrelationTest {

    @Test
    void tiesGetAverageRanksAsInScipy() {
        // spearmanr(x, y) = (-0.6327642728536433, 0.04958982546953912)
        double[] x = {0.1, 0.2, 0.2, 0.4, 0.5, 0.6, 0.6, 0.6, 0.9, 1.0};
        double[] y = {0.8, 0.3, 0.5, 0.7, 0.2, 0.4, 0.1, 0.35, 0.05, 0.3};
        RankCorrelation r = RankCorrelation.of(x, y);
        assertEquals(10, r.n());
        assertEquals(-0.6327642728536433, r.rho(), 1e-12);
        assertEquals(0.04958982546953912, r.p(), 1e-10);
    }

    @Test
    void tinyPValuesDoNotRoundToZero() {
        // x = range(300), y = i + 60 sin(1.3 i): spearmanr = (0.902490027666974, 4.966357535282227e-111)
        double[] x = new double[300];
        double[] y = new double[300];
        for (int i = 0; i < 300; i++) {
            x[i] = i;
            y[i] = i + 60 * Math.sin(i * 1.3);
        }
        RankCorrelation r = RankCorrelation.of(x, y);
        assertEquals(0.902490027666974, r.rho(), 1e-12);
        assertEquals(4.966357535282227e-111, r.p(), 4.966357535282227e-111 * 1e-6);
    }

    @Test
    void undefinedForFewPairsOrAConstantSample() {
        assertTrue(Double.isNaN(RankCorrelation.of(new double[]{1, 2}, new double[]{2, 1}).rho()));
        RankCorrelation constant = RankCorrelation.of(new double[]{1, 2, 3, 4}, new double[]{5, 5, 5, 5});
        assertTrue(Double.isNaN(constant.rho()) && Double.isNaN(constant.p()));
        RankCorrelation perfect = RankCorrelation.of(new double[]{1, 2, 3, 4}, new double[]{8, 6, 4, 2});
        assertEquals(-1, perfect.rho(), 1e-15);
        assertEquals(0, perfect.p());
        assertThrows(IllegalArgumentException.class, () -> RankCorrelation.of(new double[]{1, 2, 3}, new double[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> RankCorrelation.of(new double[]{1, 2, Double.NaN}, new double[]{1, 2, 3}));
    }
}
