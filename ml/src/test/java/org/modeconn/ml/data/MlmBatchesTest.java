package org.modeconn.ml.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlmBatchesTest {
    @Test
    void maskingFollowsTheEightyTenTenRuleAndNeverTouchesSpecialTokens() {
        List<TextTokenizer.Tokens> seqs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long[] ids = new long[66];
            ids[0] = 0;
            ids[65] = 2;
            for (int j = 1; j < 65; j++) {
                ids[j] = 100 + j;
            }
            seqs.add(new TextTokenizer.Tokens(ids, new long[66]));
        }
        MlmBatches.Masked m = MlmBatches.mask(seqs, 0.15, 4, 1000, 5, new Random(1));
        int chosen = m.positions().length;
        int total = 200 * 64;
        assertEquals(0.15, (double) chosen / total, 0.01, "15% of the real tokens");
        int masked = 0;
        int kept = 0;
        for (int k = 0; k < chosen; k++) {
            int row = (int) (m.positions()[k] / 66);
            int col = (int) (m.positions()[k] % 66);
            assertTrue(col >= 1 && col <= 64, "never [CLS] or [SEP]");
            assertEquals(100 + col, m.targets()[k], "the target is the original token");
            long now = m.inputs().get(row).ids()[col];
            if (now == 4) {
                masked++;
            } else if (now == m.targets()[k]) {
                kept++;
            } else {
                assertTrue(now >= 5 && now < 1000, "a random regular token");
            }
        }
        assertEquals(0.8, (double) masked / chosen, 0.03);
        assertEquals(0.1, (double) kept / chosen, 0.03);
    }
}
