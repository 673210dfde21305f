package org.modeconn.ml.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchingTest {
    @Test
    void subsetsAreDeterministicAndHalvesDisjoint() {
        List<Integer> items = java.util.stream.IntStream.range(0, 101).boxed().toList();
        assertEquals(Subsets.shuffled(items, 3), Subsets.shuffled(items, 3));
        assertTrue(!Subsets.shuffled(items, 3).equals(Subsets.shuffled(items, 4)));
        List<Integer> a = Subsets.half(items, 1, 9);
        List<Integer> b = Subsets.half(items, 2, 9);
        assertEquals(50, a.size());
        assertEquals(51, b.size());
        Set<Integer> union = new HashSet<>(a);
        union.addAll(b);
        assertEquals(101, union.size(), "disjoint halves cover everything");
        assertEquals(11, Subsets.fraction(items, 0.1, 1).size());
    }

    @Test
    void bucketingCutsPaddingAndKeepsEveryExampleOnce() {
        java.util.Random r = new java.util.Random(5);
        int[] lengths = new int[1000];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 5 + r.nextInt(60);
        }
        for (boolean bucketing : new boolean[]{true, false}) {
            List<int[]> batches = Batcher.training(lengths, 32, 1, 50, bucketing);
            int[] seen = new int[lengths.length];
            batches.forEach(bt -> java.util.Arrays.stream(bt).forEach(i -> seen[i]++));
            assertTrue(java.util.Arrays.stream(seen).allMatch(c -> c == 1), "every example exactly once");
        }
        assertTrue(fill(Batcher.training(lengths, 32, 1, 50, true), lengths) > 0.9);
        assertTrue(fill(Batcher.training(lengths, 32, 1, 50, false), lengths) < 0.7);
        assertEquals(batchesOf(Batcher.training(lengths, 32, 1, 50, true)), batchesOf(Batcher.training(lengths, 32, 1, 50, true)));
    }

    private static List<List<Integer>> batchesOf(List<int[]> batches) {
        return batches.stream().map(b -> java.util.Arrays.stream(b).boxed().toList()).toList();
    }

    /** Real tokens over padded tokens. */
    private static double fill(List<int[]> batches, int[] lengths) {
        long real = 0;
        long padded = 0;
        for (int[] b : batches) {
            int max = 0;
            for (int i : b) {
                real += lengths[i];
                max = Math.max(max, lengths[i]);
            }
            padded += (long) max * b.length;
        }
        return (double) real / padded;
    }
}
