package org.modeconn.ml.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Masked-LM data: a corpus tokenized line by line and packed into sequences of at most maxLength
 * tokens ([CLS] … [SEP]); masking as in BERT/RoBERTa: 15% of the real tokens are chosen, of those
 * 80% become [MASK], 10% a random token, 10% stay, and the loss is taken at the chosen positions.
 */
public final class MlmBatches {
    private MlmBatches() {
    }

    /**
     * Packs the corpus into sequences; special tokens are added here. Give a tokenizer that does not
     * truncate ({@link TextTokenizer#UNLIMITED}), or long lines lose their ends.
     */
    public static List<TextTokenizer.Tokens> pack(Iterable<String> lines, TextTokenizer tokenizer, int maxLength,
                                                  long cls, long sep) {
        List<TextTokenizer.Tokens> out = new ArrayList<>();
        long[] buffer = new long[maxLength - 2];
        int fill = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            for (long id : tokenizer.raw().encode(line, false, false).getIds()) {
                buffer[fill++] = id;
                if (fill == buffer.length) {
                    out.add(sequence(buffer, fill, cls, sep));
                    fill = 0;
                }
            }
        }
        if (fill > 0) {
            out.add(sequence(buffer, fill, cls, sep));
        }
        return out;
    }

    private static TextTokenizer.Tokens sequence(long[] buffer, int fill, long cls, long sep) {
        long[] ids = new long[fill + 2];
        ids[0] = cls;
        System.arraycopy(buffer, 0, ids, 1, fill);
        ids[fill + 1] = sep;
        return new TextTokenizer.Tokens(ids, new long[ids.length]);
    }

    /** A masked copy of some sequences: inputs, and per chosen position its flat index and original id. */
    public record Masked(List<TextTokenizer.Tokens> inputs, long[] positions, long[] targets) {
    }

    public static Masked mask(List<TextTokenizer.Tokens> sequences, double probability, long maskId, int vocabSize,
                              int firstRegularId, Random random) {
        int width = sequences.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(0);
        List<TextTokenizer.Tokens> inputs = new ArrayList<>(sequences.size());
        List<Long> positions = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        for (int row = 0; row < sequences.size(); row++) {
            long[] ids = sequences.get(row).ids().clone();
            for (int col = 1; col < ids.length - 1; col++) { // never [CLS] or [SEP]
                if (random.nextDouble() >= probability) {
                    continue;
                }
                positions.add((long) row * width + col);
                targets.add(ids[col]);
                double r = random.nextDouble();
                if (r < 0.8) {
                    ids[col] = maskId;
                } else if (r < 0.9) {
                    ids[col] = firstRegularId + random.nextInt(vocabSize - firstRegularId);
                }
            }
            inputs.add(new TextTokenizer.Tokens(ids, sequences.get(row).typeIds()));
        }
        if (positions.isEmpty() && !sequences.isEmpty() && sequences.get(0).length() > 2) {
            // Tiny batches can draw no position; mask the first token so that every batch has a loss.
            long[] ids = inputs.get(0).ids();
            positions.add(1L);
            targets.add(sequences.get(0).ids()[1]);
            ids[1] = maskId;
        }
        return new Masked(inputs, positions.stream().mapToLong(Long::longValue).toArray(),
                targets.stream().mapToLong(Long::longValue).toArray());
    }
}
