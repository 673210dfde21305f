package org.modeconn.ml.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups example indices into batches. Training batches come from a seeded shuffle; with bucketing,
 * each window of {@code window} batches is sorted by length before it is cut, so that a batch holds
 * sequences of similar length and little compute goes to padding, while the order of batches is
 * shuffled again. Evaluation batches are simply sorted by length.
 */
public final class Batcher {
    private Batcher() {
    }

    /** One epoch of training batches over {@code lengths.length} examples. */
    public static List<int[]> training(int[] lengths, int batchSize, long seed, int window, boolean bucketing) {
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Random random = new Random(seed);
        Collections.shuffle(order, random);
        List<int[]> batches = new ArrayList<>();
        int chunk = bucketing ? Math.max(1, window) * batchSize : batchSize;
        for (int start = 0; start < order.size(); start += chunk) {
            List<Integer> part = new ArrayList<>(order.subList(start, Math.min(order.size(), start + chunk)));
            if (bucketing) {
                part.sort(Comparator.comparingInt(i -> lengths[i]));
            }
            cut(part, batchSize, batches);
        }
        if (bucketing) {
            Collections.shuffle(batches, random);
        }
        return batches;
    }

    /** Batches sorted by length, for evaluation (order does not matter there). */
    public static List<int[]> byLength(int[] lengths, int batchSize, boolean bucketing) {
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        if (bucketing) {
            order.sort(Comparator.comparingInt(i -> lengths[i]));
        }
        List<int[]> batches = new ArrayList<>();
        cut(order, batchSize, batches);
        return batches;
    }

    private static void cut(List<Integer> order, int batchSize, List<int[]> out) {
        for (int start = 0; start < order.size(); start += batchSize) {
            out.add(order.subList(start, Math.min(order.size(), start + batchSize)).stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
