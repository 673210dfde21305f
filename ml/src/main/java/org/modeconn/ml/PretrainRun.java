package org.modeconn.ml;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.spec.PretrainSpec;
import org.modeconn.ml.data.MlmBatches;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.VocabularyPruner;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;
import org.modeconn.ml.train.Pretrainer;
import org.modeconn.ml.train.TrainingListener;
import org.modeconn.ml.train.TrainingState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * One pre-training run of a study from its spec: reads the corpus (the held-out text, or the last
 * twentieth of the training text), prunes MiniLM's WordPiece vocabulary to the corpus, packs
 * sequences, pre-trains a RoBERTa-style encoder from scratch and hands each checkpoint over as a
 * complete base model (config, weights, tokenizer) with its held-out perplexity.
 */
public final class PretrainRun {

    /** Receives each checkpoint as a base model; it stays valid only during the call. */
    @FunctionalInterface
    public interface Sink {
        void accept(int step, double heldOutPerplexity, Pretrained checkpoint) throws IOException;
    }

    /** What the run worked on, for logs. */
    public record Summary(int trainSequences, int heldOutSequences, List<Double> losses) {
    }

    private PretrainRun() {
    }

    public static Summary run(PretrainSpec p, EndpointTrainer.DataResolver data, int heldOutSequences, Sink sink,
                              TrainingListener listener) throws IOException {
        return run(p, data, heldOutSequences, sink, listener, TrainingState.Store.NONE);
    }

    /** As {@link #run(PretrainSpec, EndpointTrainer.DataResolver, int, Sink, TrainingListener)}, resuming from {@code state}. */
    public static Summary run(PretrainSpec p, EndpointTrainer.DataResolver data, int heldOutSequences, Sink sink,
                              TrainingListener listener, TrainingState.Store state) throws IOException {
        List<String> trainLines = Files.readAllLines(data.resolve(p.corpus().train()), StandardCharsets.UTF_8);
        List<String> heldOutLines = p.corpus().heldOut() != null
                ? Files.readAllLines(data.resolve(p.corpus().heldOut()), StandardCharsets.UTF_8)
                : trainLines.subList(trainLines.size() * 19 / 20, trainLines.size());
        if (p.corpus().heldOut() == null) {
            trainLines = trainLines.subList(0, trainLines.size() * 19 / 20);
        }
        PretrainSpec.ModelConfig m = p.config();
        if (m.maxPositions() < p.maxLength() + VocabularyPruner.PAD_ID + 1) {
            throw new IllegalArgumentException("maxPositions " + m.maxPositions() + " must be at least maxLength + 2 = "
                    + (p.maxLength() + 2) + " (RoBERTa counts positions from padding_idx + 1)");
        }
        EncoderConfig config = new EncoderConfig("roberta", m.vocabSize(), m.hidden(), m.layers(), m.heads(), m.intermediate(),
                m.maxPositions(), 1, 1e-5, 0.1, 0.1, VocabularyPruner.PAD_ID, "cls", 0);
        long seed = p.seed() == null ? 0 : p.seed();
        double maskProbability = p.maskProbability() == null ? 0.15 : p.maskProbability();
        try (NDManager manager = Djl.newManager()) {
            byte[] tokenizerJson;
            try (Pretrained minilm = Pretrained.miniLm(manager)) {
                tokenizerJson = VocabularyPruner.prune(minilm.tokenizerJson(), trainLines, m.vocabSize());
            }
            try (TextTokenizer tokenizer = TextTokenizer.fromJson(tokenizerJson, TextTokenizer.UNLIMITED);
                 Weights w = new Weights(manager)) {
                List<TextTokenizer.Tokens> train = MlmBatches.pack(trainLines, tokenizer, p.maxLength(), 0, 2);
                List<TextTokenizer.Tokens> heldOut = MlmBatches.pack(heldOutLines, tokenizer, p.maxLength(), 0, 2);
                heldOut = heldOut.subList(0, Math.min(heldOut.size(), heldOutSequences));
                if (train.isEmpty() || heldOut.isEmpty()) {
                    throw new IllegalArgumentException("the corpus gives " + train.size() + " training and " + heldOut.size()
                            + " held-out sequences: too little text");
                }
                Pretrainer.init(w, config, seed);
                Pretrainer.Settings s = new Pretrainer.Settings(p.steps(), p.checkpointEvery(), p.learningRate(), p.batchSize(),
                        maskProbability, seed, 0.06, 0.01, 1.0);
                List<Double> losses = Pretrainer.train(w, config, s, train, heldOut, 4, VocabularyPruner.SPECIALS.size(),
                        (step, ppl, weights) -> sink.accept(step, ppl, new Pretrained(config, weights, tokenizerJson)), listener,
                        state);
                return new Summary(train.size(), heldOut.size(), losses);
            }
        }
    }
}
