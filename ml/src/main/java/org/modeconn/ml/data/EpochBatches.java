package org.modeconn.ml.data;

import java.util.Iterator;

/** Endless batches: epoch e is shuffled with seed (data seed, e), so the order depends on the data seed only. */
public final class EpochBatches implements Iterator<int[]> {
    private final int[] lengths;
    private final int batchSize;
    private final long seed;
    private final boolean bucketing;
    private Iterator<int[]> current = java.util.Collections.emptyIterator();
    private int epoch;

    public EpochBatches(int[] lengths, int batchSize, long seed, boolean bucketing) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        this.lengths = lengths;
        this.batchSize = batchSize;
        this.seed = seed;
        this.bucketing = bucketing;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public int[] next() {
        if (!current.hasNext()) {
            current = Batcher.training(lengths, batchSize, seed * 1_000_003L + epoch++, 50, bucketing).iterator();
        }
        return current.next();
    }
}
