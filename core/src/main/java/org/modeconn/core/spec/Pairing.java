package org.modeconn.core.spec;

/**
 * Which endpoints of a sweep a path joins ({@code pairing}); {@link SweepSpec#pairingOrDefault()} is {@link #ADJACENT}.
 * Combinations are expanded with the last {@code vary} key changing fastest.
 */
public enum Pairing implements SpecEnum {
    /** Every pair of endpoints. */
    ALL_PAIRS,
    /** Neighbours in expansion order. */
    ADJACENT,
    /** The first endpoint with each other one. */
    STAR,
    /**
     * Endpoints that differ only in the last {@code vary} key, neighbours in its values, for every combination of the
     * other keys: with {@code vary: {base: [...], seeds: [s1, s2]}}, one seed pair per base, so the report draws the
     * barrier against the other keys (e.g. pre-training progress).
     */
    LAST;

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static Pairing parse(String text) {
        return SpecEnum.parse(Pairing.class, text, "pairing");
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling();
    }
}
