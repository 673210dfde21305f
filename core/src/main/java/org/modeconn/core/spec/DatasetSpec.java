package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A labelled text dataset.
 *
 * @param format   tsv, csv or jsonl: {@link #datasetFormat()}
 * @param text     one text field, or two for sentence pairs (NLI)
 * @param label    the label field
 * @param labelMap label value → class index; several values may share an index, but the distinct indices
 *                 must be exactly 0..k-1; without a map labels must be integers 0..numLabels-1
 * @param numLabels the number of classes; with a label map, if given, its number of distinct indices
 * @param splits   split name → location: a path relative to the data directory, {@code file:...} or {@code s3://...}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(String format, List<String> text, String label, Map<String, Integer> labelMap,
                          Integer numLabels, Map<String, String> splits) {

    public DatasetSpec {
        text = text == null ? List.of() : List.copyOf(text);
        splits = splits == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(splits));
    }

    /** The format; defined on a validated spec (throws {@link IllegalArgumentException} for an unknown one). */
    public DatasetFormat datasetFormat() {
        return DatasetFormat.parse(format);
    }

    /** Number of classes: from the label map if given, else as declared. */
    public Integer classes() {
        if (labelMap != null && !labelMap.isEmpty()) {
            return (int) labelMap.values().stream().distinct().count();
        }
        return numLabels;
    }
}
