package org.modeconn.core.spec;

/** Which endpoints of a sweep a path joins ({@code pairing}): every pair, neighbours in expansion order, or the first with each other (a star); {@link SweepSpec#pairingOrDefault()} is {@link #ADJACENT}. */
public enum Pairing implements SpecEnum {
    ALL_PAIRS,
    ADJACENT,
    STAR;

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
