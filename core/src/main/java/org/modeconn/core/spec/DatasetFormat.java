package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a dataset's split files are written ({@code format}); see docs/inputs.md for how each is read. */
public enum DatasetFormat implements SpecEnum {
    TSV("tsv"),
    CSV("csv"),
    JSONL("jsonl");

    private final String spelling;

    DatasetFormat(String spelling) {
        this.spelling = spelling;
    }

    /** The constant spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
    public static DatasetFormat parse(String text) {
        return SpecEnum.parse(DatasetFormat.class, text, "format");
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
