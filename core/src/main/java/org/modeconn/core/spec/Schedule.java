package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** The learning-rate schedule after warm-up ({@code schedule}): linear decay to 0, or constant. */
public enum Schedule implements SpecEnum {
    LINEAR("linear"),
    CONSTANT("constant");

    private final String spelling;

    Schedule(String spelling) {
        this.spelling = spelling;
    }

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static Schedule parse(String text) {
        return SpecEnum.parse(Schedule.class, text, "schedule");
    }

    @Override
    @JsonValue
    public String spelling() {
        return spelling;
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling;
    }
}
