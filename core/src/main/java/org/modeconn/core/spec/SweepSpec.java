package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A grid of endpoints written once: {@code base} (over the study's defaults) with each combination of
 * the {@code vary} values, named {@code SWEEP-1, SWEEP-2, ...} in expansion order; paths join them by
 * {@code pairing} (all-pairs, adjacent, star from the first, or last: differing only in the last key; see
 * {@link Pairing}) with the settings of {@code path}.
 *
 * <p>{@code vary} keys are training fields, dotted for nested ones: {@code learningRate},
 * {@code seeds.init}, {@code method.initStd}, {@code subset.half}.
 *
 * <p>{@code replicates} (default 1) repeats the whole grid with other seeds, so that each pair's barrier is
 * known over several seed pairs (a mean with a 95% interval, {@code core.metrics.Replicates}): replicate r
 * adds {@link #SEED_STRIDE}·(r − 1) to each of the three seeds of every endpoint; its endpoints and paths are
 * named with a suffix {@code -rR} ({@code lr-1-r2}, {@code lr-1-to-2-r2}); replicate 1 keeps the plain names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepSpec(TrainingConfig base, Map<String, List<Object>> vary, String pairing, Integer replicates,
                        PathSpec path) {
    /** What replicate r adds to each seed, times (r − 1): far apart, so no replicate meets another's seeds. */
    public static final long SEED_STRIDE = 1000;
    /** The most replicates one sweep may ask for. */
    public static final int MAX_REPLICATES = 50;

    public SweepSpec {
        vary = vary == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vary));
    }

    /** The number of replicates, 1 when none is given. */
    public int replicatesOrDefault() {
        return replicates == null ? 1 : replicates;
    }

    /** The pairing, {@link Pairing#ADJACENT} when none is given; throws {@link IllegalArgumentException} for an unknown one. */
    public Pairing pairingOrDefault() {
        return pairing == null ? Pairing.ADJACENT : Pairing.parse(pairing);
    }
}
