package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A value of one of the spec's enumerations (method kind, adapter activation, schedule, dataset format,
 * sweep pairing, curve kind, LoRA target), written in the spec as {@link #spelling()}. The spec's records
 * keep the text the user wrote (their JSON is hashed into ids); {@link #parse} is the one place where that
 * text becomes a constant, so that an unknown value is a validation problem and never a silent default.
 */
public interface SpecEnum {

    /**
     * How the value is written in a study spec, e.g. {@code "all-pairs"}: by default the constant's name
     * in lower case with '-' for '_' ({@code ALL_PAIRS}); a constant spelled otherwise overrides it.
     */
    @JsonValue
    default String spelling() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} spelled {@code text}.
     *
     * @param what the name of the enumeration in messages, e.g. "method"
     * @throws IllegalArgumentException {@code unknown WHAT 'TEXT' (known: [a, b, c])}, or
     *                                  {@code WHAT is required (one of [a, b, c])} for null
     */
    static <E extends Enum<E> & SpecEnum> E parse(Class<E> type, String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is required (one of " + spellings(type) + ")");
        }
        for (E e : type.getEnumConstants()) {
            if (e.spelling().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (known: " + spellings(type) + ")");
    }

    /** Every spelling of {@code type}, in declaration order. */
    static <E extends Enum<E> & SpecEnum> List<String> spellings(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(SpecEnum::spelling).toList();
    }
}
