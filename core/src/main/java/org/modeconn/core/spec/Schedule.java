package org.modeconn.core.spec;

/** The learning-rate schedule after warm-up ({@code schedule}): linear decay to 0, or constant. */
public enum Schedule implements SpecEnum {
    LINEAR,
    CONSTANT;

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static Schedule parse(String text) {
        return SpecEnum.parse(Schedule.class, text, "schedule");
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling();
    }
}
