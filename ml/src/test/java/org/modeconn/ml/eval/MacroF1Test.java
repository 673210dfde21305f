package org.modeconn.ml.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MacroF1Test {
    @Test
    void byHand() {
        int[] gold = {0, 0, 1, 1, 2, 2};
        int[] pred = {0, 1, 1, 1, 2, 0};
        // class 0: TP 1, FP 1, FN 1 → 2/4; class 1: TP 2, FP 1, FN 0 → 4/5; class 2: TP 1, FP 0, FN 1 → 2/3
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, Evaluator.macroF1(gold, pred, 3), 1e-12);
        // a class that appears nowhere does not count
        assertEquals(1.0, Evaluator.macroF1(new int[]{0, 1}, new int[]{0, 1}, 5), 1e-12);
    }
}
