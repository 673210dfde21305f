package org.modeconn.ml.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.modeconn.core.data.Example;

import java.util.ArrayList;
import java.util.List;

/** Examples tokenized once, with their labels; batches are cut from it by index. */
public record TokenizedSet(List<TextTokenizer.Tokens> tokens, int[] labels, long padId) {

    public static TokenizedSet of(List<Example> examples, TextTokenizer tokenizer, long padId) {
        List<TextTokenizer.Tokens> tokens = new ArrayList<>(examples.size());
        int[] labels = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            tokens.add(e.pair() == null ? tokenizer.encode(e.text()) : tokenizer.encode(e.text(), e.pair()));
            labels[i] = e.label();
        }
        return new TokenizedSet(List.copyOf(tokens), labels, padId);
    }

    public int size() {
        return tokens.size();
    }

    public int[] lengths() {
        return tokens.stream().mapToInt(TextTokenizer.Tokens::length).toArray();
    }

    public List<TextTokenizer.Tokens> select(int[] indices) {
        List<TextTokenizer.Tokens> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(tokens.get(i));
        }
        return out;
    }

    public Batch batch(NDManager manager, int[] indices) {
        return Batch.of(manager, select(indices), padId);
    }

    /** The labels of the selected examples as [B] int64. */
    public NDArray labels(NDManager manager, int[] indices) {
        long[] l = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            l[i] = labels[indices[i]];
        }
        return manager.create(l);
    }
}
