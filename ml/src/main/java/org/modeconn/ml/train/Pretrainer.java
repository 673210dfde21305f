package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.spec.Schedule;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.Batcher;
import org.modeconn.ml.data.EpochBatches;
import org.modeconn.ml.data.MlmBatches;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.DeltaConfig;
import org.modeconn.ml.model.Encoder;
import org.modeconn.ml.model.MaskedLm;
import org.modeconn.ml.model.ModelInit;
import org.modeconn.ml.model.Weights;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Masked-LM pre-training of an encoder from scratch (BERT initialisation, RoBERTa-style masking and
 * head). Every {@code checkpointEvery} steps, and at the end, the held-out perplexity
 * exp(mean cross-entropy over masked tokens, with a fixed masking seed) is measured and the weights
 * are handed to the checkpoint sink.
 */
public final class Pretrainer {

    /** Settings of one run. */
    public record Settings(int steps, int checkpointEvery, double learningRate, int batchSize, double maskProbability,
                           long seed, double warmupRatio, double weightDecay, double gradClip) {
    }

    /** Receives the weights at a checkpoint step, with the held-out perplexity measured there. */
    @FunctionalInterface
    public interface CheckpointSink {
        void accept(int step, double heldOutPerplexity, Weights weights) throws IOException;
    }

    private Pretrainer() {
    }

    /** Fresh encoder and MLM head weights for {@code config}. */
    public static void init(Weights w, EncoderConfig config, long seed) {
        Random random = new Random(seed);
        ModelInit.encoder(w, config, random);
        MaskedLm.initHead(w, config, random);
    }

    public static List<Double> train(Weights w, EncoderConfig config, Settings s, List<TextTokenizer.Tokens> train,
                                     List<TextTokenizer.Tokens> heldOut, long maskId, int firstRegularId,
                                     CheckpointSink sink, TrainingListener listener) throws IOException {
        return train(w, config, s, train, heldOut, maskId, firstRegularId, sink, listener, TrainingState.Store.NONE);
    }

    /**
     * As {@link #train(Weights, EncoderConfig, Settings, List, List, long, int, CheckpointSink, TrainingListener)},
     * resuming from {@code state}'s latest state and saving every {@code state.every()} steps. Step k masks with
     * {@code seedFor(seed + 1, k)} and draws dropout from {@code seedFor(seed, k)}; checkpoint steps before the
     * resumed step are not handed to the sink again.
     */
    public static List<Double> train(Weights w, EncoderConfig config, Settings s, List<TextTokenizer.Tokens> train,
                                     List<TextTokenizer.Tokens> heldOut, long maskId, int firstRegularId,
                                     CheckpointSink sink, TrainingListener listener, TrainingState.Store state)
            throws IOException {
        MaskedLm model = new MaskedLm(new Encoder(config, DeltaConfig.NONE));
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (String n : w.names()) {
            if (!n.startsWith(Classifier.HEAD_PREFIX)) {
                params.put(n, w.get(n));
            }
        }
        int[] lengths = train.stream().mapToInt(TextTokenizer.Tokens::length).toArray();
        Iterator<int[]> batches = new EpochBatches(lengths, s.batchSize(), s.seed(), true);
        LrSchedule schedule = LrSchedule.of(s.learningRate(), s.steps(), s.warmupRatio(), Schedule.LINEAR);
        List<Double> losses = new ArrayList<>();
        try (TrainingStep step = new TrainingStep(w.manager(), params, s.weightDecay(), s.gradClip())) {
            int first = 1;
            Optional<TrainingState.Restored> restored = TrainingState.restore(state, step, s.steps(), w.manager());
            if (restored.isPresent()) {
                try (TrainingState.Restored r = restored.get()) {
                    first = r.step() + 1;
                    losses.addAll(r.losses());
                }
                for (int b = 1; b < first; b++) {
                    batches.next(); // the data position: one batch per step
                }
            }
            for (int k = first; k <= s.steps(); k++) {
                long t0 = System.nanoTime();
                Djl.seedDropout(TrainingState.seedFor(s.seed(), k));
                Random masking = new Random(TrainingState.seedFor(s.seed() + 1, k));
                double lr = schedule.at(k);
                double loss = step.run(1, scratch -> {
                    int[] indices = batches.next();
                    List<TextTokenizer.Tokens> seqs = new ArrayList<>(indices.length);
                    for (int i : indices) {
                        seqs.add(train.get(i));
                    }
                    MlmBatches.Masked masked = MlmBatches.mask(seqs, s.maskProbability(), maskId, config.vocabSize(),
                            firstRegularId, masking);
                    NDArray perToken = maskedLoss(model, w, masked, config.padTokenId(), scratch, true);
                    return new TrainingStep.Loss(perToken.mean(), perToken.sum().getFloat(), masked.targets().length);
                }, lr);
                losses.add(loss);
                listener.onStep(k, s.steps(), loss, lr, s.batchSize() / ((System.nanoTime() - t0) / 1e9));
                if (k % s.checkpointEvery() == 0 || k == s.steps()) {
                    sink.accept(k, perplexity(model, w, heldOut, config, s.batchSize(), maskId, firstRegularId), w);
                }
                if (TrainingState.due(state, k, s.steps())) {
                    TrainingState.save(state, k, step, losses, Map.of(), Map.of());
                }
            }
        }
        return losses;
    }

    static NDArray maskedLoss(MaskedLm model, Weights w, MlmBatches.Masked masked, long padId, NDManager scratch,
                              boolean training) {
        Batch batch = Batch.of(scratch, masked.inputs(), padId);
        NDArray logits = model.logits(w, batch, scratch.create(masked.positions()), training);
        return Classifier.crossEntropy(logits, scratch.create(masked.targets()));
    }

    /** exp of the mean masked-token cross-entropy on held-out sequences, masked with a fixed seed. */
    public static double perplexity(MaskedLm model, Weights w, List<TextTokenizer.Tokens> heldOut, EncoderConfig config,
                                    int batchSize, long maskId, int firstRegularId) {
        Random fixed = new Random(12345);
        double sum = 0;
        long count = 0;
        int[] lengths = heldOut.stream().mapToInt(TextTokenizer.Tokens::length).toArray();
        for (int[] indices : Batcher.byLength(lengths, batchSize, true)) {
            List<TextTokenizer.Tokens> seqs = new ArrayList<>(indices.length);
            for (int i : indices) {
                seqs.add(heldOut.get(i));
            }
            MlmBatches.Masked masked = MlmBatches.mask(seqs, 0.15, maskId, config.vocabSize(), firstRegularId, fixed);
            try (NDManager scratch = w.manager().newSubManager()) {
                sum += maskedLoss(model, w, masked, config.padTokenId(), scratch, false).sum().getFloat();
                count += masked.targets().length;
            }
        }
        return Math.exp(sum / Math.max(1, count));
    }
}
