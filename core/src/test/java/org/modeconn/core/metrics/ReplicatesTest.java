package org.modeconn.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against an independent computation: Python's statistics.mean/stdev and Student's t quantiles from a printed
 * table (t_{0.975,1} = 12.7062047, t_{0.975,2} = 4.3026527, t_{0.975,9} = 2.2621572).
 */
class ReplicatesTest {
    @Test
    void threeReplicatesGiveTheStudentTInterval() {
        Replicates r = Replicates.of(0.02, 0.035, 0.011);
        assertEquals(3, r.n());
        assertEquals(0.022, r.mean(), 1e-12);
        assertEquals(0.012124355652982144, r.sd(), 1e-12);
        assertEquals(4.302652729911275 * 0.012124355652982144 / Math.sqrt(3), r.halfWidth(), 1e-9);
        assertEquals(0.011, r.min());
        assertEquals(0.035, r.max());
        assertEquals(r.mean() - r.halfWidth(), r.low(), 0);
        assertEquals(r.mean() + r.halfWidth(), r.high(), 0);
    }

    @Test
    void twoAndTenReplicates() {
        Replicates two = Replicates.of(0.0076, 0.0014);
        assertEquals(12.706204736174698 * 0.0043840620433565946 / Math.sqrt(2), two.halfWidth(), 1e-9);
        double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Replicates r = Replicates.of(ten);
        assertEquals(5.5, r.mean(), 1e-12);
        assertEquals(2.262157162740992 * 3.0276503540974917 / Math.sqrt(10), r.halfWidth(), 1e-9);
    }

    @Test
    void oneReplicateHasNoInterval() {
        Replicates r = Replicates.of(0.03);
        assertEquals(0.03, r.mean());
        assertTrue(Double.isNaN(r.sd()) && Double.isNaN(r.halfWidth()));
        assertEquals(0.03, r.low());
        assertEquals(0.03, r.high());
    }

    @Test
    void emptyOrNonFiniteIsRefused() {
        assertThrows(IllegalArgumentException.class, Replicates::of);
        assertThrows(IllegalArgumentException.class, () -> Replicates.of(0.1, Double.NaN));
    }
}
