package org.modeconn.ml.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.MlmBatches;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.VocabularyPruner;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainerTest {
    /** A corpus with structure a tiny model can pick up: repeated templates over a small word list. */
    static List<String> corpus(int lines, long seed) {
        String[] subjects = {"the cat", "a dog", "my sister", "the old man", "our teacher"};
        String[] verbs = {"likes", "sees", "finds", "reads", "paints"};
        String[] objects = {"the garden", "a red book", "the river", "an apple", "the window"};
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add(subjects[r.nextInt(5)] + " " + verbs[r.nextInt(5)] + " " + objects[r.nextInt(5)] + " .");
        }
        return out;
    }

    @Test
    void prunedVocabularyKeepsFrequentPiecesInRobertaOrder() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained minilm = Pretrained.miniLm(m)) {
            byte[] json = VocabularyPruner.prune(minilm.tokenizerJson(), corpus(200, 1), 40);
            try (TextTokenizer t = TextTokenizer.fromJson(json, 32)) {
                TextTokenizer.Tokens x = t.encode("the cat sees a zebra");
                assertEquals(0, x.ids()[0], "[CLS] is 0");
                assertEquals(2, x.ids()[x.length() - 1], "[SEP] is 2");
                assertEquals(3, x.ids()[x.length() - 2], "a word outside the corpus is [UNK] (3)");
                assertEquals(4, t.tokenId("[MASK]"));
                assertTrue(java.util.Arrays.stream(x.ids()).allMatch(id -> id < 40));
            }
        }
    }

    @Test
    void heldOutPerplexityFalls() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained minilm = Pretrained.miniLm(m)) {
            byte[] json = VocabularyPruner.prune(minilm.tokenizerJson(), corpus(500, 1), 64);
            EncoderConfig c = new EncoderConfig("roberta", 64, 32, 2, 2, 64, 34, 1, 1e-5, 0.0, 0.0,
                    VocabularyPruner.PAD_ID, "cls", 0);
            try (TextTokenizer t = TextTokenizer.fromJson(json, TextTokenizer.UNLIMITED); Weights w = new Weights(m)) {
                List<TextTokenizer.Tokens> train = MlmBatches.pack(corpus(2000, 2), t, 32, 0, 2);
                List<TextTokenizer.Tokens> heldOut = MlmBatches.pack(corpus(200, 3), t, 32, 0, 2);
                Pretrainer.init(w, c, 1);
                List<Double> perplexities = new ArrayList<>();
                Pretrainer.Settings s = new Pretrainer.Settings(150, 50, 3e-3, 16, 0.15, 1, 0.1, 0.01, 1.0);
                double initial = Pretrainer.perplexity(new org.modeconn.ml.model.MaskedLm(
                        new org.modeconn.ml.model.Encoder(c, org.modeconn.ml.model.DeltaConfig.NONE)), w, heldOut, c, 16, 4, 5);
                Pretrainer.train(w, c, s, train, heldOut, 4, 5, (step, ppl, weights) -> perplexities.add(ppl),
                        TrainingListener.NONE);
                assertEquals(3, perplexities.size(), "checkpoints at 50, 100, 150");
                assertTrue(initial > 30, "a random model is near-uniform over 64 tokens: " + initial);
                // It falls at every checkpoint; in 150 steps the model learns which ~25 pieces occur and how
                // often (perplexity ≈ 18 from ≈ 64); the templates' context takes longer (see docs/runs).
                assertTrue(perplexities.get(0) < initial / 2 && perplexities.get(1) < perplexities.get(0)
                        && perplexities.get(2) < perplexities.get(1), "perplexity falls: " + initial + " → " + perplexities);
            }
        }
    }
}
