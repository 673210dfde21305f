package org.modeconn.ml.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Deterministic shuffles and subsets: the same seed always picks the same examples, in the same order. */
public final class Subsets {
    private Subsets() {
    }

    public static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** Half 1 or 2 of a seeded shuffle: the two halves are disjoint and together are everything. */
    public static <T> List<T> half(List<T> items, int half, long seed) {
        if (half != 1 && half != 2) {
            throw new IllegalArgumentException("half must be 1 or 2, got " + half);
        }
        List<T> s = shuffled(items, seed);
        int mid = s.size() / 2;
        return List.copyOf(half == 1 ? s.subList(0, mid) : s.subList(mid, s.size()));
    }

    /** The first ⌈fraction·n⌉ of a seeded shuffle. */
    public static <T> List<T> fraction(List<T> items, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must lie in (0, 1], got " + fraction);
        }
        List<T> s = shuffled(items, seed);
        return List.copyOf(s.subList(0, (int) Math.ceil(fraction * s.size())));
    }
}
