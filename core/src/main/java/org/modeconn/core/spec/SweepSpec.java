package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A grid of endpoints written once: {@code base} (over the study's defaults) with each combination of
 * the {@code vary} values, named {@code SWEEP-1, SWEEP-2, ...} in expansion order; paths join them by
 * {@code pairing} (all-pairs, adjacent, or star from the first) with the settings of {@code path}.
 *
 * <p>{@code vary} keys are training fields, dotted for nested ones: {@code learningRate},
 * {@code seeds.init}, {@code method.initStd}, {@code subset.half}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepSpec(TrainingConfig base, Map<String, List<Object>> vary, String pairing, PathSpec path) {
    public SweepSpec {
        vary = vary == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vary));
    }

    /** The pairing, {@link Pairing#ADJACENT} when none is given; throws {@link IllegalArgumentException} for an unknown one. */
    public Pairing pairingOrDefault() {
        return pairing == null ? Pairing.ADJACENT : Pairing.parse(pairing);
    }
}
