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
 * @param rows     split name → the part of its file that is the split ({@link Rows}), for splits cut from one
 *                 file (e.g. MNLI train and dev from its published dev set); a split not named reads every row
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(String format, List<String> text, String label, Map<String, Integer> labelMap,
                          Integer numLabels, Map<String, String> splits, Map<String, Rows> rows) {

    public DatasetSpec {
        text = text == null ? List.of() : List.copyOf(text);
        splits = splits == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(splits));
        rows = rows == null || rows.isEmpty() ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    }

    /** A dataset whose splits are whole files. */
    public DatasetSpec(String format, List<String> text, String label, Map<String, Integer> labelMap, Integer numLabels,
                       Map<String, String> splits) {
        this(format, text, label, labelMap, numLabels, splits, null);
    }

    /**
     * The rows of a file that make up a split: its rows are shuffled with {@code seed} (java.util.Random,
     * Collections.shuffle) and positions [⌊from·n⌋, ⌊to·n⌋) of that order are kept, in file order. Two
     * splits of one file with the same seed and ranges that do not overlap share no row.
     *
     * @param from fraction in [0, 1), where the split begins
     * @param to   fraction in (from, 1], where it ends
     * @param seed the shuffle's seed; default 0
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rows(Double from, Double to, Long seed) {
        public long seedOrDefault() {
            return seed == null ? 0 : seed;
        }

        /** Whether this range and {@code other} can hold a common row (they overlap, or their shuffles differ). */
        public boolean mayShareRowsWith(Rows other) {
            return seedOrDefault() != other.seedOrDefault() || (from < other.to && other.from < to);
        }

        /** The selected rows of {@code all} (one file's rows in file order), in file order. */
        public <T> List<T> select(List<T> all) {
            int n = all.size();
            List<Integer> order = new java.util.ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, new java.util.Random(seedOrDefault()));
            int start = (int) Math.floor(from * n);
            int end = (int) Math.floor(to * n);
            int[] kept = order.subList(start, end).stream().mapToInt(Integer::intValue).sorted().toArray();
            List<T> out = new java.util.ArrayList<>(kept.length);
            for (int i : kept) {
                out.add(all.get(i));
            }
            return out;
        }
    }

    /** The rows of {@code split} among {@code all}, the rows of its file in file order: all of them, or its {@link Rows}. */
    public <T> List<T> rowsOf(String split, List<T> all) {
        Rows r = rows == null ? null : rows.get(split);
        return r == null ? all : r.select(all);
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
