package org.modeconn.core.spec;

/** How a dataset's split files are written ({@code format}); see docs/inputs.md for how each is read. */
public enum DatasetFormat implements SpecEnum {
    TSV,
    CSV,
    JSONL;

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static DatasetFormat parse(String text) {
        return SpecEnum.parse(DatasetFormat.class, text, "format");
    }

    /** The spec's spelling. */
    @Override
    public String toString() {
        return spelling();
    }
}
