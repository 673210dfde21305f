package org.modeconn.core.spec;

/**
 * A split a path is scored on, written {@code dataset/split} in a spec's {@code eval} list; parsed once
 * by {@link #parse}, written back by {@link #toString()}.
 *
 * @param dataset a dataset name of the spec
 * @param split   a split name of that dataset
 */
public record EvalTarget(String dataset, String split) {

    /** @throws IllegalArgumentException for an empty dataset or split name, or one containing '/' */
    public EvalTarget {
        if (dataset == null || dataset.isEmpty() || dataset.contains("/") || split == null || split.isEmpty()
                || split.contains("/")) {
            throw new IllegalArgumentException("write evaluation targets as dataset/split, got '" + dataset + "/" + split + "'");
        }
    }

    /**
     * The target a spec writes as {@code text}.
     *
     * @throws IllegalArgumentException unless the text is two non-empty names joined by one '/'
     */
    public static EvalTarget parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("write evaluation targets as dataset/split, got '" + text + "'");
        }
        return new EvalTarget(text.substring(0, slash), text.substring(slash + 1));
    }

    /** {@code dataset/split}, as the spec writes it (and as events and reports name the target). */
    @Override
    public String toString() {
        return dataset + "/" + split;
    }
}
