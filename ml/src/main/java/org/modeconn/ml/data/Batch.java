package org.modeconn.ml.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Token sequences padded to the longest one in the batch: ids, token types and attention mask are
 * [B, T] int64 in the given manager (close it after the step).
 */
public record Batch(NDArray ids, NDArray typeIds, NDArray mask, int size, int tokens) {

    public static Batch of(NDManager manager, List<TextTokenizer.Tokens> items, long padId) {
        int b = items.size();
        int t = items.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(0);
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        long[] mask = new long[b * t];
        java.util.Arrays.fill(ids, padId);
        for (int i = 0; i < b; i++) {
            TextTokenizer.Tokens x = items.get(i);
            System.arraycopy(x.ids(), 0, ids, i * t, x.length());
            System.arraycopy(x.typeIds(), 0, types, i * t, x.length());
            java.util.Arrays.fill(mask, i * t, i * t + x.length(), 1L);
        }
        Shape shape = new Shape(b, t);
        return new Batch(manager.create(ids, shape), manager.create(types, shape), manager.create(mask, shape), b, t);
    }

    /** Real (non-padding) tokens over all tokens: how little compute padding wastes. */
    public static double fill(List<TextTokenizer.Tokens> items) {
        int t = items.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(0);
        long real = items.stream().mapToLong(TextTokenizer.Tokens::length).sum();
        return t == 0 ? 1 : (double) real / ((long) t * items.size());
    }
}
